using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// FMA's <c>fma_metadata/tracks.csv</c>: each track's top genre, subset, official split (training, validation, test)
/// and artist. Read by the audio dataset (<c>fma</c>) and the feature table (<c>fma-features</c>) alike.
/// </summary>
public static class FmaTracksCsv
{
    /// <summary>One listed track: id as six digits, top genre, artist group, and part (train, valid or test).</summary>
    public sealed record Entry(string TrackId, int Number, string Genre, string Artist, string Part);

    private static readonly string[] SubsetOrder = ["small", "medium", "large", "full"];

    /// <summary>The tracks of <paramref name="subset"/> (a smaller subset's tracks are in every larger one) that have a top genre.</summary>
    public static IReadOnlyList<Entry> Read(string metadataFolder, string subset)
    {
        string path = Path.Combine(metadataFolder, "tracks.csv");
        if (!File.Exists(path))
            throw new DatasetException($"FMA metadata '{path}' does not exist. Point `dataset.path` at the folder holding fma_metadata/.");
        int wanted = Array.IndexOf(SubsetOrder, subset);
        if (wanted < 0) throw new DatasetException($"FMA subset '{subset}' is unknown; use small, medium, large or full.");

        var entries = new List<Entry>();
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        // Three header rows: the column group (track, artist, set, ...), the field, and "track_id".
        csv.Read(); string[] groups = csv.Parser.Record!;
        csv.Read(); string[] fields = csv.Parser.Record!;
        csv.Read();
        int Column(string group, string field) => Enumerable.Range(0, groups.Length).FirstOrDefault(i => groups[i] == group && fields[i] == field, -1) is var c and >= 0
            ? c : throw new DatasetException($"{path} has no ({group}, {field}) column; is it FMA's tracks.csv?");
        int subsetColumn = Column("set", "subset"), splitColumn = Column("set", "split"), genreColumn = Column("track", "genre_top"), artistColumn = Column("artist", "id");
        int widest = new[] { subsetColumn, splitColumn, genreColumn, artistColumn }.Max();
        while (csv.Read())
        {
            string[] row = csv.Parser.Record!;
            if (row.Length <= widest) continue;
            int trackSubset = Array.IndexOf(SubsetOrder, row[subsetColumn]);
            if (trackSubset < 0 || trackSubset > wanted || string.IsNullOrWhiteSpace(row[genreColumn])) continue;
            if (!int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id)) continue;
            string trackId = $"{id:D6}";
            string part = row[splitColumn] switch
            {
                "training" => "train",
                "validation" => "valid",
                "test" => "test",
                var other => throw new DatasetException($"{path}: line {csv.Parser.RawRow}: track {trackId} has split '{other}'; FMA's tracks.csv uses training, validation or test. Fix the file."),
            };
            entries.Add(new Entry(trackId, id, row[genreColumn], $"artist:{row[artistColumn]}", part));
        }
        return entries;
    }
}
