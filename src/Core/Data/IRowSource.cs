namespace MlNetGenre.Core.Data;

/// <summary>
/// The one way features are read: a list of fixed-length rows that may live in memory or on disk. Reading a row
/// through the indexer gives a fresh array; consumers that stream large items (deep training, scoring) copy rows
/// into a buffer they reuse, so a table on disk is never loaded whole. <see cref="Subset"/> selects rows without
/// reading them.
/// </summary>
public interface IRowSource : IReadOnlyList<float[]>
{
    /// <summary>Values per row (every row has this many).</summary>
    int RowLength { get; }

    /// <summary>Row <paramref name="position"/> into <paramref name="destination"/> (<see cref="RowLength"/> values).</summary>
    void CopyRow(int position, Span<float> destination);

    /// <summary>The rows at <paramref name="positions"/>, in that order, without reading them.</summary>
    IRowSource Subset(IReadOnlyList<int> positions);
}

/// <summary>Row sources for rows already in memory, and helpers every consumer uses.</summary>
public static class RowSource
{
    /// <summary><paramref name="rows"/> as a row source (itself when it is one).</summary>
    public static IRowSource Of(IReadOnlyList<float[]> rows) => rows as IRowSource ?? new InMemoryRows(rows);

    /// <summary>
    /// Rows <paramref name="positions"/> one after another into <paramref name="destination"/>
    /// (positions.Count x RowLength values).
    /// </summary>
    public static void CopyRows(this IRowSource source, ReadOnlySpan<int> positions, Span<float> destination)
    {
        int length = source.RowLength;
        for (int i = 0; i < positions.Length; i++) source.CopyRow(positions[i], destination.Slice(i * length, length));
    }

    /// <summary>Every row in memory as arrays (for tables small enough to hold: vector features).</summary>
    public static float[][] ReadAll(this IRowSource source)
    {
        var rows = new float[source.Count][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[source.RowLength];
            source.CopyRow(i, rows[i]);
        }
        return rows;
    }

    private sealed class InMemoryRows(IReadOnlyList<float[]> rows) : IRowSource
    {
        public int Count => rows.Count;
        public int RowLength => rows.Count == 0 ? 0 : rows[0].Length;
        public float[] this[int index] => rows[index];
        public void CopyRow(int position, Span<float> destination)
        {
            float[] row = rows[position];
            if (row.Length != destination.Length)
                throw new ArgumentException($"Row {position} has {row.Length} values where {destination.Length} are expected.", nameof(position));
            row.CopyTo(destination);
        }
        public IRowSource Subset(IReadOnlyList<int> positions) => new InMemoryRows(positions.Select(i => rows[i]).ToArray());
        public IEnumerator<float[]> GetEnumerator() => rows.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
