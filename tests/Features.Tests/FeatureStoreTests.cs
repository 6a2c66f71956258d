using MlNetGenre.Core.Data;
using MlNetGenre.Core.IO;
using MlNetGenre.Features.Caching;

namespace MlNetGenre.Features.Tests;

/// <summary>
/// The on-disk feature store: tracks are found again after a reopen, an interrupted writer's leftovers are cut off
/// and overwritten, damaged lines, edited rows and truncated files are detected (and those tracks reported as
/// missing so they are extracted again), and two writers at once each get a segment of their own.
/// </summary>
public class FeatureStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-store-").FullName;
    private readonly List<string> _warnings = [];

    private FeatureStore Open() => FeatureStore.Open(_folder, _warnings.Add);

    private static float[][] Items(int track, int count = 3, int length = 5) =>
        Enumerable.Range(0, count).Select(c => Enumerable.Range(0, length).Select(j => track * 100f + c * 10f + j + 0.25f).ToArray()).ToArray();

    private static float[][] Read(StoredTrack track) =>
        FeatureStore.RowsOf(Enumerable.Range(0, track.RowCount).Select(c => (track, c)).ToArray()).ReadAll();

    [Fact]
    public void Stored_tracks_are_found_again_after_a_reopen_and_read_back_exactly()
    {
        using (var store = Open())
            for (int t = 0; t < 4; t++) store.Append($"track{t}", Items(t));
        using var again = Open();
        Assert.Equal(4, again.TrackCount);
        for (int t = 0; t < 4; t++)
        {
            Assert.True(again.TryFind($"track{t}", out var track));
            Assert.Equal(Items(t), Read(track));
        }
        Assert.False(again.TryFind("track9", out _));
        Assert.Empty(_warnings);
        // A subset of rows is read in the asked order, through the row-source contract.
        Assert.True(again.TryFind("track2", out var two));
        var rows = FeatureStore.RowsOf([(two, 2), (two, 0)]);
        var buffer = new float[2 * rows.RowLength];
        rows.Subset([1, 0]).CopyRows([0, 1], buffer);
        Assert.Equal(Items(2)[0].Concat(Items(2)[2]), buffer);
    }

    [Fact]
    public void A_killed_writer_leaves_rows_without_an_index_line_and_a_torn_line_which_the_next_writer_cuts_off()
    {
        using (var store = Open())
            for (int t = 0; t < 3; t++) store.Append($"track{t}", Items(t));
        string rows = Path.Combine(_folder, "segment-0.rows"), index = Path.Combine(_folder, "segment-0.index");
        long complete = new FileInfo(rows).Length;
        // What a kill -9 in the middle of the fourth track leaves: half its rows, and half its index line.
        using (var stream = new FileStream(rows, FileMode.Append)) stream.Write(new byte[30]);
        File.AppendAllText(index, "track3\t9\t3\t0123");

        using (var store = Open())
        {
            Assert.Equal(3, store.TrackCount);
            Assert.False(store.TryFind("track3", out _));
            store.Append("track3", Items(3)); // the writer starts after the last complete track
            Assert.Equal(complete + 3 * 5 * 4, new FileInfo(rows).Length);
        }
        using var again = Open();
        for (int t = 0; t < 4; t++)
        {
            Assert.True(again.TryFind($"track{t}", out var track), $"track{t}");
            Assert.Equal(Items(t), Read(track));
        }
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Edited_rows_a_damaged_line_and_a_truncated_file_are_detected_and_those_tracks_extracted_again()
    {
        using (var store = Open())
            for (int t = 0; t < 4; t++) store.Append($"track{t}", Items(t));
        string rows = Path.Combine(_folder, "segment-0.rows"), index = Path.Combine(_folder, "segment-0.index");
        // One value of track 1 changed (same length: only the checksum can tell).
        using (var stream = new FileStream(rows, FileMode.Open, FileAccess.Write))
        {
            stream.Position = (3 + 1) * 5 * 4 + 8;
            stream.Write(BitConverter.GetBytes(123.5f));
        }
        // Track 2's line edited by hand (its checksum no longer matches the line).
        File.WriteAllText(index, File.ReadAllText(index).Replace("track2\t6\t3", "track2\t6\t2"));
        // Track 3's rows cut short.
        using (var stream = new FileStream(rows, FileMode.Open, FileAccess.Write)) stream.SetLength(stream.Length - 4);

        using (var store = Open())
        {
            Assert.True(store.TryFind("track0", out var zero));
            Assert.Equal(Items(0), Read(zero));
            Assert.False(store.TryFind("track1", out _));
            Assert.False(store.TryFind("track2", out _));
            Assert.False(store.TryFind("track3", out _));
            Assert.Contains(_warnings, w => w.Contains("track1", StringComparison.Ordinal) && w.Contains("checksum", StringComparison.Ordinal) && w.Contains(rows, StringComparison.Ordinal));
            Assert.Contains(_warnings, w => w.Contains("line 4", StringComparison.Ordinal) && w.Contains(index, StringComparison.Ordinal));
            Assert.Contains(_warnings, w => w.Contains("truncated", StringComparison.Ordinal));
            for (int t = 1; t < 4; t++) store.Append($"track{t}", Items(t)); // extracted again
        }
        _warnings.Clear();
        using var again = Open();
        for (int t = 0; t < 4; t++)
        {
            Assert.True(again.TryFind($"track{t}", out var track), $"track{t}");
            Assert.Equal(Items(t), Read(track));
        }
        Assert.Empty(_warnings); // the damage is known: not reported twice
    }

    [Fact]
    public void Two_writers_at_once_append_to_segments_of_their_own_and_a_reader_sees_both()
    {
        using (var first = Open())
        using (var second = Open())
        {
            Parallel.For(0, 20, t => (t % 2 == 0 ? first : second).Append($"track{t}", Items(t)));
        }
        Assert.Equal(2, Directory.GetFiles(_folder, "segment-*.rows").Length);
        using var reader = Open();
        Assert.Equal(20, reader.TrackCount);
        for (int t = 0; t < 20; t++)
        {
            Assert.True(reader.TryFind($"track{t}", out var track));
            Assert.Equal(Items(t), Read(track));
        }
    }

    [Fact]
    public void Items_of_another_length_go_to_another_segment_and_mixing_them_in_one_table_is_a_clear_error()
    {
        using var store = Open();
        var a = store.Append("a", Items(1, length: 5));
        var b = store.Append("b", Items(2, length: 7));
        Assert.Equal(7, Read(b)[0].Length);
        var error = Assert.Throws<InvalidDataException>(() => FeatureStore.RowsOf([(a, 0), (b, 0)]));
        Assert.Contains("sample_rate", error.Message);
    }

    [Fact]
    public void A_row_file_truncated_while_in_use_gives_an_error_naming_it_and_the_fix()
    {
        StoredTrack track;
        using (var store = Open()) track = store.Append("a", Items(1));
        string rows = Path.Combine(_folder, "segment-0.rows");
        using (var stream = new FileStream(rows, FileMode.Open, FileAccess.Write)) stream.SetLength(4);
        var error = Assert.Throws<InvalidDataException>(() => Read(track));
        Assert.Contains(rows, error.Message);
        Assert.Contains("Run the same command again", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
