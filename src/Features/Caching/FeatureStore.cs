using System.Security.Cryptography;
using System.Text;
using MlNetGenre.Core.Data;

namespace MlNetGenre.Features.Caching;

/// <summary>
/// Extracted features on disk for one feature key (set, parameters, clipping, code version): every track's items as
/// fixed-length float32 rows in a few large files (<see cref="StoreSegment"/>), found again by the track's content
/// key. Extraction appends track by track, so a killed run continues after its last complete track; a second run
/// reads only the index; tables are read back through <see cref="IRowSource"/> without loading them
/// (<see cref="RowsOf"/>). Torn, truncated or edited rows are found by their checksums and extracted again.
/// Several processes may extract into one store at once (each appends to a segment of its own).
/// </summary>
public sealed class FeatureStore : IDisposable
{
    private readonly Action<string> _warn;
    private readonly List<StoreSegment> _segments = [];
    private readonly Dictionary<string, StoredTrack> _tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<int, StoreSegment> _writers = [];
    private readonly Lock _gate = new();

    private FeatureStore(string folder, Action<string> warn)
    {
        Folder = folder;
        _warn = warn;
    }

    public string Folder { get; }

    /// <summary>Tracks found in the store when it was opened or added since.</summary>
    public int TrackCount
    {
        get { lock (_gate) return _tracks.Count; }
    }

    /// <summary>A stable folder name from a description such as "logmel|n_mels=128|...|code=0.3.0".</summary>
    public static string KeyOf(string description) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(description)), 0, 10).ToLowerInvariant();

    /// <summary>Opens (or starts) the store in <paramref name="folder"/>; damage found on the way goes to <paramref name="warn"/>.</summary>
    public static FeatureStore Open(string folder, Action<string> warn)
    {
        var store = new FeatureStore(folder, warn);
        foreach (int number in StoreSegment.NumbersIn(folder))
            if (StoreSegment.Load(folder, number, warn) is { } segment)
            {
                store._segments.Add(segment);
                store.Index(segment);
            }
        return store;
    }

    /// <summary>Where the rows of the track with this content key are, if it is stored.</summary>
    public bool TryFind(string content, out StoredTrack track)
    {
        lock (_gate) return _tracks.TryGetValue(content, out track!);
    }

    /// <summary>
    /// Stores one track's items (all of one length) and returns where they are. Thread-safe; a full disk raises an
    /// <c>OutputWriteException</c> naming the file, with the tracks stored before intact.
    /// </summary>
    public StoredTrack Append(string content, IReadOnlyList<float[]> items)
    {
        if (items.Count == 0) throw new ArgumentException("a track with no items cannot be stored", nameof(items));
        var segment = WriterFor(items[0].Length);
        var entry = segment.Append(content, items);
        var track = new StoredTrack(segment, entry.FirstRow, entry.RowCount);
        lock (_gate) _tracks[content] = track;
        return track;
    }

    /// <summary>Clip <c>Clip</c> of each listed track, in order, as rows read from disk on demand.</summary>
    public static IRowSource RowsOf(IReadOnlyList<(StoredTrack Track, int Clip)> items) => new StoredRows(items);

    private StoreSegment WriterFor(int rowLength)
    {
        lock (_gate)
        {
            if (_writers.TryGetValue(rowLength, out var writer)) return writer;
            foreach (var segment in _segments.Where(s => s.RowLength == rowLength))
                if (segment.TryBecomeWriter(_warn))
                {
                    Index(segment);
                    return _writers[rowLength] = segment;
                }
            for (int number = _segments.Select(s => s.Number).Append(-1).Max() + 1; ; number++)
                if (!File.Exists(Path.Combine(Folder, $"segment-{number}.index")) && StoreSegment.TryCreate(Folder, number, rowLength) is { } created)
                {
                    _segments.Add(created);
                    return _writers[rowLength] = created;
                }
        }
    }

    private void Index(StoreSegment segment)
    {
        lock (_gate)
            foreach (var entry in segment.Entries) _tracks[entry.Content] = new StoredTrack(segment, entry.FirstRow, entry.RowCount);
    }

    /// <summary>Closes every file; segments this process appended to are recorded as verified.</summary>
    public void Dispose()
    {
        foreach (var segment in _segments) segment.Dispose();
    }
}

/// <summary>Where one track's items are in a <see cref="FeatureStore"/>: rows FirstRow .. FirstRow + RowCount - 1 of a segment.</summary>
public sealed record StoredTrack
{
    internal StoredTrack(StoreSegment segment, long firstRow, int rowCount) => (Segment, FirstRow, RowCount) = (segment, firstRow, rowCount);

    internal StoreSegment Segment { get; }
    public long FirstRow { get; }
    public int RowCount { get; }
    public int RowLength => Segment.RowLength;
}
