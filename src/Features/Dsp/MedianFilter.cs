using System.Buffers;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// scipy.ndimage.median_filter along one axis of a matrix with mode 'reflect' (d c b a | a b c d | d c b a)
/// and origin 0: output[i] is the element of rank size // 2 of input[i - size // 2 .. i - size // 2 + size - 1].
/// A sorted window slides along each line, so a line of n values costs O(n size) instead of O(n size log size).
/// </summary>
internal static class MedianFilter
{
    /// <summary>Filters every row (along frames: librosa's harmonic filter) into <paramref name="destination"/>.</summary>
    public static void AlongRows(FeatureMatrix source, FeatureMatrix destination, int size)
    {
        Check(source, destination, size);
        float[] line = ArrayPool<float>.Shared.Rent(source.Columns + size);
        float[] window = ArrayPool<float>.Shared.Rent(size);
        try
        {
            for (int r = 0; r < source.Rows; r++)
                Filter(source.Row(r), destination.Row(r), size, line, window);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(line);
            ArrayPool<float>.Shared.Return(window);
        }
    }

    /// <summary>Filters every column (along bins: librosa's percussive filter) into <paramref name="destination"/>.</summary>
    public static void AlongColumns(FeatureMatrix source, FeatureMatrix destination, int size)
    {
        Check(source, destination, size);
        int rows = source.Rows, columns = source.Columns;
        float[] column = ArrayPool<float>.Shared.Rent(rows);
        float[] filtered = ArrayPool<float>.Shared.Rent(rows);
        float[] line = ArrayPool<float>.Shared.Rent(rows + size);
        float[] window = ArrayPool<float>.Shared.Rent(size);
        try
        {
            for (int c = 0; c < columns; c++)
            {
                for (int r = 0, index = c; r < rows; r++, index += columns) column[r] = source.Data[index];
                Filter(column.AsSpan(0, rows), filtered.AsSpan(0, rows), size, line, window);
                for (int r = 0, index = c; r < rows; r++, index += columns) destination.Data[index] = filtered[r];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(column);
            ArrayPool<float>.Shared.Return(filtered);
            ArrayPool<float>.Shared.Return(line);
            ArrayPool<float>.Shared.Return(window);
        }
    }

    /// <summary>The median filter of one line; <paramref name="line"/> and <paramref name="window"/> are scratch space.</summary>
    public static void Filter(ReadOnlySpan<float> x, Span<float> output, int size, float[] line, float[] window)
    {
        int n = x.Length;
        if (n == 0) return;
        int before = size / 2, rank = size / 2;
        // The line extended by reflection: ext[j] = x[reflect(j - before)].
        Span<float> ext = line.AsSpan(0, n + size - 1);
        for (int j = 0; j < ext.Length; j++) ext[j] = x[Reflect(j - before, n)];
        Span<float> sorted = window.AsSpan(0, size);
        ext[..size].CopyTo(sorted);
        sorted.Sort();
        output[0] = sorted[rank];
        for (int i = 1; i < n; i++)
        {
            float leaving = ext[i - 1], entering = ext[i + size - 1];
            if (leaving != entering)
            {
                int at = sorted.BinarySearch(leaving);
                // Remove `leaving` and insert `entering` with one shift of the values between their positions.
                if (entering > leaving)
                {
                    int to = at;
                    while (to + 1 < size && sorted[to + 1] < entering)
                    {
                        sorted[to] = sorted[to + 1];
                        to++;
                    }
                    sorted[to] = entering;
                }
                else
                {
                    int to = at;
                    while (to > 0 && sorted[to - 1] > entering)
                    {
                        sorted[to] = sorted[to - 1];
                        to--;
                    }
                    sorted[to] = entering;
                }
            }
            output[i] = sorted[rank];
        }
    }

    /// <summary>scipy's 'reflect' boundary: period 2n, mirrored about the outer edges of the first and last samples.</summary>
    internal static int Reflect(int i, int n)
    {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }

    private static void Check(FeatureMatrix source, FeatureMatrix destination, int size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (source.Rows != destination.Rows || source.Columns != destination.Columns)
            throw new ArgumentException("The destination must have the shape of the source.", nameof(destination));
    }
}
