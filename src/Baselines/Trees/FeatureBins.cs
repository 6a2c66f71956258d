namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Each feature cut into at most 256 bins for histogram boosting, from the training values: one bin per distinct
/// value when there are few, else bins holding about equal numbers of samples (quantiles). Bin b holds values
/// <c>x &lt;= Thresholds[f][b]</c> (and above the previous threshold), so a split "bin &lt;= b" is the ONNX
/// branch <c>x &lt;= Thresholds[f][b]</c>.
/// </summary>
internal sealed class FeatureBins
{
    private FeatureBins(float[][] thresholds, byte[][] binned)
    {
        Thresholds = thresholds;
        Binned = binned;
    }

    /// <summary>[feature][bin]: the upper bound of each bin but the last.</summary>
    public float[][] Thresholds { get; }

    /// <summary>[feature][sample]: the bin of each training value.</summary>
    public byte[][] Binned { get; }

    public int BinCount(int feature) => Thresholds[feature].Length + 1;

    public static FeatureBins Fit(ColumnData data, int maxBins)
    {
        if (maxBins is < 2 or > 256) throw new ArgumentOutOfRangeException(nameof(maxBins), maxBins, "max_bins must be between 2 and 256");
        var thresholds = new float[data.Features][];
        var binned = new byte[data.Features][];
        Parallel.For(0, data.Features, f =>
        {
            float[] sorted = (float[])data.Columns[f].Clone();
            Array.Sort(sorted);
            thresholds[f] = Cuts(sorted, maxBins);
            var bins = new byte[sorted.Length];
            float[] column = data.Columns[f], cuts = thresholds[f];
            for (int i = 0; i < column.Length; i++) bins[i] = (byte)BinOf(cuts, column[i]);
            binned[f] = bins;
        });
        return new FeatureBins(thresholds, binned);
    }

    /// <summary>The first bin whose upper bound is at least x (the last bin when none is).</summary>
    public static int BinOf(float[] cuts, float x)
    {
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (x <= cuts[mid]) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private static float[] Cuts(float[] sorted, int maxBins)
    {
        var distinct = new List<float>();
        foreach (float v in sorted)
            if (distinct.Count == 0 || v != distinct[^1]) distinct.Add(v);
        var cuts = new List<float>();
        if (distinct.Count <= maxBins)
        {
            for (int i = 0; i + 1 < distinct.Count; i++) cuts.Add(ClassificationTreeTrainer.Midpoint(distinct[i], distinct[i + 1]));
            return [.. cuts];
        }
        // Quantile cuts: after the value at each i/maxBins of the sorted samples, between it and the next distinct value.
        for (int b = 1; b < maxBins; b++)
        {
            float at = sorted[(int)((long)b * sorted.Length / maxBins)];
            int next = distinct.BinarySearch(at) + 1;
            if (next >= distinct.Count) break;
            float cut = ClassificationTreeTrainer.Midpoint(at, distinct[next]);
            if (cuts.Count == 0 || cut > cuts[^1]) cuts.Add(cut);
        }
        return [.. cuts];
    }
}
