using MlNetGenre.Core.Data;

namespace MlNetGenre.Features.Caching;

/// <summary>
/// Rows of a <see cref="FeatureStore"/> as an <see cref="IRowSource"/>: each read is a positional read of the
/// segment file (safe from any number of threads), so memory holds only the rows a consumer asks for. Page-cache
/// pages are the kernel's, not the process's: a table of any size leaves the resident set where it was.
/// </summary>
internal sealed class StoredRows : IRowSource
{
    private readonly StoreSegment[] _segments;
    private readonly long[] _rows;

    public StoredRows(IReadOnlyList<(StoredTrack Track, int Clip)> items)
        : this(items.Select(i => i.Track.Segment).ToArray(), items.Select(i => i.Track.FirstRow + CheckedClip(i.Track, i.Clip)).ToArray())
    {
    }

    private StoredRows(StoreSegment[] segments, long[] rows)
    {
        (_segments, _rows) = (segments, rows);
        RowLength = segments.Length == 0 ? 0 : segments[0].RowLength;
        if (segments.Any(s => s.RowLength != RowLength))
            throw new InvalidDataException($"the items of one feature set have different lengths ({string.Join(", ", segments.Select(s => s.RowLength).Distinct())} values): were the tracks decoded at different sample rates? Set audio.sample_rate.");
    }

    public int Count => _rows.Length;
    public int RowLength { get; }

    public float[] this[int index]
    {
        get
        {
            var row = new float[RowLength];
            CopyRow(index, row);
            return row;
        }
    }

    public void CopyRow(int position, Span<float> destination) => _segments[position].ReadRow(_rows[position], destination);

    public IRowSource Subset(IReadOnlyList<int> positions) =>
        new StoredRows(positions.Select(i => _segments[i]).ToArray(), positions.Select(i => _rows[i]).ToArray());

    public IEnumerator<float[]> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static int CheckedClip(StoredTrack track, int clip) =>
        (uint)clip < (uint)track.RowCount ? clip : throw new ArgumentOutOfRangeException(nameof(clip), $"the track has {track.RowCount} items, not {clip + 1}");
}
