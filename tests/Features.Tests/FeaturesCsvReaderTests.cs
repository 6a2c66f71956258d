using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Features.Tests;

public class FeaturesCsvReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-csv-").FullName;

    private string Write(string text)
    {
        string path = Path.Combine(_folder, $"f{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Kaggle = """
        filename,length,chroma_stft_mean,mfcc1_mean,mfcc2_mean,label
        blues.00000.0.wav,66149,0.33,-118.6,125.1,blues
        blues.00000.1.wav,66149,0.34,-110.2,121.0,blues
        rock.00001.0.wav,66149,0.40,-90.5,99.9,rock
        """;

    [Fact]
    public void The_kaggle_layout_reads_with_length_ignored_and_clips_grouped_by_track()
    {
        var result = FeaturesCsvReader.Read(Write(Kaggle), [], skipBadRows: false);
        var table = result.Table;
        Assert.Equal(["chroma_stft_mean", "mfcc1_mean", "mfcc2_mean"], table.FeatureNames);
        Assert.Equal(["blues", "rock"], table.ClassNames);
        Assert.Equal(["blues.00000", "blues.00000", "rock.00001"], table.TrackIds);
        Assert.Equal(-110.2f, table.Rows[1][1]);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void Column_patterns_select_features()
    {
        var table = FeaturesCsvReader.Read(Write(Kaggle), ["mfcc*"], skipBadRows: false).Table;
        Assert.Equal(["mfcc1_mean", "mfcc2_mean"], table.FeatureNames);
        var none = Assert.Throws<DatasetException>(() => FeaturesCsvReader.Read(Write(Kaggle), ["tempo*"], skipBadRows: false));
        Assert.Contains("no feature column matches tempo*", none.Message);
    }

    [Theory]
    [InlineData("blues.00002.wav,1,NaN,2,3,blues", "line 5: column 'chroma_stft_mean' is NaN")]
    [InlineData("blues.00002.wav,1,0.1,x,3,blues", "line 5: column 'mfcc1_mean' is 'x', not a number")]
    [InlineData("blues.00002.wav,1,0.1,2,3,", "line 5: has no label")]
    [InlineData("blues.00002.wav,1,0.1,2,blues", "line 5: has 5 fields, the header has 6")]
    [InlineData("blues.00000.1.wav,66149,0.3,1,2,blues", "line 5: filename 'blues.00000.1.wav' is already on line 3")]
    public void Bad_rows_are_errors_naming_line_and_column_or_are_skipped_and_reported(string badRow, string expected)
    {
        string path = Write(Kaggle + "\n" + badRow + "\n");
        var e = Assert.Throws<DatasetException>(() => FeaturesCsvReader.Read(path, [], skipBadRows: false));
        Assert.Contains(expected, e.Message);
        var result = FeaturesCsvReader.Read(path, [], skipBadRows: true);
        Assert.Equal(3, result.Table.Count);
        Assert.Contains(expected, Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void An_unterminated_quote_is_one_error_at_its_line_not_rows_silently_swallowed()
    {
        string rows = string.Concat(Enumerable.Range(10, 15).Select(i => $"jazz.000{i}.wav,1,0.1,2,3,jazz\n"));
        string path = Write(Kaggle + "\n\"disco.00001.wav,1,0.1,2,3,disco\n" + rows);
        var e = Assert.Throws<DatasetException>(() => FeaturesCsvReader.Read(path, [], skipBadRows: false));
        Assert.Contains("line 5: a quoted field runs on to line 20", e.Message);
        Assert.Contains("unterminated quote", e.Message);
        var result = FeaturesCsvReader.Read(path, [], skipBadRows: true);
        Assert.Contains("line 5", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Missing_columns_and_files_are_clear_errors()
    {
        Assert.Contains("needs 'filename' and 'label'", Assert.Throws<DatasetException>(() => FeaturesCsvReader.Read(Write("a,b\n1,2\n"), [], false)).Message);
        Assert.Contains("does not exist", Assert.Throws<DatasetException>(() => FeaturesCsvReader.Read("/no/such.csv", [], false)).Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
