using MathNet.Numerics.Distributions;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// The best model against another, tested at the unit that was sampled: tracks (clips of a track are averaged
/// first, never counted as separate pairs). Over several different splits, the corrected resampled paired t-test
/// of Nadeau and Bengio on the splits' track-accuracy differences; on one split, or repeats of one fixed split
/// (each model's probabilities averaged over the repeats, so every track counts once), McNemar's exact test on
/// the tracks. Each split's own exact McNemar p is kept too.
/// </summary>
public sealed record PairedComparison(
    string Test,
    int Tracks,
    double PValue,
    int OnlyBestCorrect,
    int OnlyOtherCorrect,
    double MeanAccuracyDifference,
    IReadOnlyList<double> PerSplitP)
{
    public const string ResampledT = "corrected resampled t-test";
    public const string ExactMcNemar = "exact McNemar test";

    public static PairedComparison? Compare(IReadOnlyList<TrialResult> trials, string best, string other, ResamplingDesign design)
    {
        var pairs = trials.Where(t => t.Model == best && t.Status == TrialResult.Succeeded)
            .Select(b => (Best: b, Other: trials.FirstOrDefault(t => t.Model == other && t.Key == b.Key && t.Status == TrialResult.Succeeded)))
            .Where(p => p.Other is not null)
            .Select(p => (Best: TrackPredictions(p.Best), Other: TrackPredictions(p.Other!)))
            .ToList();
        if (pairs.Count == 0) return null;

        var perSplit = pairs.Select(p => McNemarOnTracks(p.Best, p.Other)).ToList();
        var differences = pairs.Select(p => Accuracy(p.Best, p.Other.Keys) - Accuracy(p.Other, p.Best.Keys)).ToArray();
        double meanDifference = differences.Average();
        if (design.Resampled && pairs.Count >= 2)
        {
            double p = CorrectedResampledT(differences, design.TestOverTrain);
            var pooled = perSplit.Aggregate((Best: 0, Other: 0), (s, m) => (s.Best + m.OnlyFirstCorrect, s.Other + m.OnlySecondCorrect));
            return new PairedComparison(ResampledT, pairs.Sum(x => x.Best.Count), p, pooled.Best, pooled.Other, meanDifference, perSplit.Select(m => m.PValue).ToList());
        }
        // One split, or repeats of one: average each model's track probabilities over the repeats, then test once.
        var bestMean = MeanOverRepeats(pairs.Select(p => p.Best).ToList());
        var otherMean = MeanOverRepeats(pairs.Select(p => p.Other).ToList());
        var overall = McNemarOnTracks(bestMean, otherMean);
        return new PairedComparison(ExactMcNemar, bestMean.Keys.Count(otherMean.ContainsKey), overall.PValue, overall.OnlyFirstCorrect,
            overall.OnlySecondCorrect, meanDifference, perSplit.Select(m => m.PValue).ToList());
    }

    /// <summary>What <see cref="Test"/> means in a report, once per run.</summary>
    public static string Describe(ResamplingDesign design) => design.Resampled && design.Splits >= 2
        ? $"p vs best: {ResampledT} (Nadeau & Bengio 2003) on the {design.Splits} splits' differences in track accuracy, two-sided"
        : design.Splits > 1
            ? $"p vs best: {ExactMcNemar} on the test tracks, each model's probabilities averaged over the {design.Splits} repeats of the fixed split"
            : $"p vs best: {ExactMcNemar} on the test tracks (clips of a track averaged first)";

    /// <summary>Two-sided p of t = mean(d) / sqrt(s_d² (1/J + n_test/n_train)), J - 1 degrees of freedom.</summary>
    public static double CorrectedResampledT(IReadOnlyList<double> differences, double testOverTrain)
    {
        int j = differences.Count;
        double mean = differences.Average();
        double variance = differences.Sum(d => (d - mean) * (d - mean)) / (j - 1);
        double scale = Math.Sqrt(variance * (1.0 / j + testOverTrain));
        if (scale == 0) return mean == 0 ? 1 : 0;
        double t = Math.Abs(mean) / scale;
        return Math.Min(1, 2 * (1 - StudentT.CDF(0, 1, j - 1, t)));
    }

    private static Dictionary<string, (int Truth, float[] Probabilities)> TrackPredictions(TrialResult trial)
    {
        var (tracks, truth, probabilities) = TrackAggregation.MeanOverClips(trial.Predictions.Select(p => p.Track).ToArray(),
            trial.Predictions.Select(p => p.Truth).ToArray(), trial.Predictions.Select(p => p.Probabilities).ToArray());
        return Enumerable.Range(0, tracks.Length).ToDictionary(i => tracks[i], i => (truth[i], probabilities[i]), StringComparer.Ordinal);
    }

    private static Dictionary<string, (int Truth, float[] Probabilities)> MeanOverRepeats(IReadOnlyList<Dictionary<string, (int Truth, float[] Probabilities)>> repeats)
    {
        var result = new Dictionary<string, (int Truth, float[] Probabilities)>(StringComparer.Ordinal);
        foreach (var track in repeats[0].Keys.Where(k => repeats.All(r => r.ContainsKey(k))))
        {
            var all = repeats.Select(r => r[track].Probabilities).ToList();
            var mean = Enumerable.Range(0, all[0].Length).Select(c => (float)all.Average(p => p[c])).ToArray();
            result[track] = (repeats[0][track].Truth, mean);
        }
        return result;
    }

    private static double Accuracy(Dictionary<string, (int Truth, float[] Probabilities)> tracks, IEnumerable<string> shared)
    {
        var common = shared.Where(tracks.ContainsKey).ToList();
        return common.Count == 0 ? 0 : common.Count(t => Evaluation.ArgMax(tracks[t].Probabilities) == tracks[t].Truth) / (double)common.Count;
    }

    private static McNemar McNemarOnTracks(Dictionary<string, (int Truth, float[] Probabilities)> first, Dictionary<string, (int Truth, float[] Probabilities)> second)
    {
        var common = first.Keys.Where(second.ContainsKey).Order(StringComparer.Ordinal).ToList();
        return McNemar.Compare(
            common.Select(t => Evaluation.ArgMax(first[t].Probabilities) == first[t].Truth).ToList(),
            common.Select(t => Evaluation.ArgMax(second[t].Probabilities) == second[t].Truth).ToList());
    }
}
