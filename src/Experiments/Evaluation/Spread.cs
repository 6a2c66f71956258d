using MathNet.Numerics.Distributions;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>Mean, sample standard deviation and 95% confidence interval (Student t) of a metric over trials.</summary>
public sealed record Spread(double Mean, double StandardDeviation, double Low, double High, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double mean = v.Average();
        if (v.Length == 1) return new Spread(mean, 0, mean, mean, 1);
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double half = StudentT.InvCDF(0, 1, v.Length - 1, 0.975) * sd / Math.Sqrt(v.Length);
        return new Spread(mean, sd, mean - half, mean + half, v.Length);
    }
}
