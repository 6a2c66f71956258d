namespace MlNetGenre.Features.Dsp;

/// <summary>Order statistics without a full sort.</summary>
internal static class Selection
{
    /// <summary>
    /// numpy.median of float32 values: the middle value, or for an even count the float32 mean of the two middle
    /// values ((a + b) / 2 in float32). NaN when any value is NaN. The input is not modified.
    /// </summary>
    public static float Median(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return float.NaN;
        float[] copy = System.Buffers.ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            Span<float> work = copy.AsSpan(0, values.Length);
            values.CopyTo(work);
            foreach (float v in work)
                if (float.IsNaN(v)) return float.NaN;
            int n = work.Length, upper = n / 2;
            float high = Select(work, upper);
            if (n % 2 == 1) return high;
            // After selection, work[..upper] holds the values below the upper middle: the lower middle is their maximum.
            float low = float.NegativeInfinity;
            foreach (float v in work[..upper]) low = Math.Max(low, v);
            return (low + high) / 2f;
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(copy);
        }
    }

    /// <summary>Rearranges <paramref name="a"/> so that a[k] is the k-th smallest, smaller values before it and larger after (Hoare quickselect).</summary>
    public static float Select(Span<float> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            // Median of three as the pivot keeps sorted and reverse-sorted inputs linear.
            int mid = lo + (hi - lo) / 2;
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            float pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }
}
