namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Summaries over frames (the columns of a feature matrix), as numpy's mean(axis=-1) and var(axis=-1)
/// (population variance, ddof 0), accumulated in double with a two-pass algorithm.
/// </summary>
public static class FrameStatistics
{
    /// <summary>Mean and population variance of one row of values.</summary>
    public static (double Mean, double Variance) MeanVariance(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return (double.NaN, double.NaN); // numpy: mean of an empty axis is NaN
        double sum = 0;
        foreach (float v in values) sum += v;
        double mean = sum / values.Length;
        double squares = 0, residual = 0;
        foreach (float v in values)
        {
            double d = v - mean;
            squares += d * d;
            residual += d;
        }
        // Corrected two-pass formula: removes the rounding left in the mean.
        double variance = (squares - residual * residual / values.Length) / values.Length;
        return (mean, Math.Max(variance, 0.0));
    }

    /// <summary>Per-row mean over frames.</summary>
    public static double[] Mean(FeatureMatrix matrix) => Rows(matrix).Mean;

    /// <summary>Per-row population variance (ddof 0) over frames.</summary>
    public static double[] Variance(FeatureMatrix matrix) => Rows(matrix).Variance;

    /// <summary>Per-row mean and population variance over frames.</summary>
    public static (double[] Mean, double[] Variance) Rows(FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var mean = new double[matrix.Rows];
        var variance = new double[matrix.Rows];
        for (int r = 0; r < matrix.Rows; r++)
            (mean[r], variance[r]) = MeanVariance(matrix.Row(r));
        return (mean, variance);
    }
}
