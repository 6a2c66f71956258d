using System.Globalization;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// How a run's trials sample the data, which decides the honest interval and paired test. With several
/// different splits (repeated holdout, k-fold) the trials share training data, so their spread understates the
/// uncertainty: intervals and tests use the corrected resampled t of Nadeau and Bengio (2003), whose variance is
/// s² (1/J + n_test/n_train). Repeats of one fixed split (predefined, official) vary only the training seed.
/// </summary>
public sealed record ResamplingDesign(int Splits, bool Resampled, double TestOverTrain)
{
    public static ResamplingDesign Of(IReadOnlyList<TrialResult> trials)
    {
        var ok = trials.Where(t => t.Status == TrialResult.Succeeded && t.Predictions.Count > 0).ToList();
        var splits = ok.GroupBy(t => t.Key).Select(g => g.First()).ToList();
        int distinctTestSets = splits.Select(t => string.Join("\n", t.Predictions.Select(p => p.Item).Order(StringComparer.Ordinal))).Distinct().Count();
        double ratio = splits.Count == 0 ? 0 : splits.Average(t => t.Predictions.Count) / Math.Max(1, splits.Average(t => t.TrainItems));
        return new ResamplingDesign(splits.Count, distinctTestSets > 1, ratio);
    }

    /// <summary>The factor on the sample variance of a mean over the splits (1/J for independent samples).</summary>
    public double VarianceFactor => Resampled ? 1.0 / Splits + TestOverTrain : 1.0 / Splits;

    public string IntervalDescription => Splits < 2
        ? "one split: no interval"
        : Resampled
            ? $"95% intervals of the mean over {Splits} splits by the corrected resampled t (Nadeau & Bengio 2003: variance x (1/J + n_test/n_train), n_test/n_train = {F(TestOverTrain)}), wider than a plain t interval because the splits share training data"
            : $"95% t intervals over {Splits} repeats of one fixed split: they show training randomness only, not the sampling of the test set";

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
