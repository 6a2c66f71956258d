using MathNet.Numerics.Distributions;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// Mean, sample standard deviation and 95% confidence interval (Student t, J - 1 degrees of freedom) of a metric
/// over trials; the interval's variance factor comes from the <see cref="ResamplingDesign"/> (1/J, or the corrected
/// 1/J + n_test/n_train when splits share training data). A metric that is a proportion (accuracy, F1, AUC) gets
/// its interval clipped to [0, 1]: the t interval knows nothing of the bounds.
/// </summary>
public sealed record Spread(double Mean, double StandardDeviation, double Low, double High, int Count)
{
    public static Spread Of(IEnumerable<double> values, ResamplingDesign? design = null, bool proportion = false)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double mean = v.Average();
        if (v.Length == 1) return new Spread(mean, 0, mean, mean, 1);
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double factor = design is { Resampled: true } ? 1.0 / v.Length + design.TestOverTrain : 1.0 / v.Length;
        double half = StudentT.InvCDF(0, 1, v.Length - 1, 0.975) * sd * Math.Sqrt(factor);
        return proportion
            ? new Spread(mean, sd, Math.Max(0, mean - half), Math.Min(1, mean + half), v.Length)
            : new Spread(mean, sd, mean - half, mean + half, v.Length);
    }
}
