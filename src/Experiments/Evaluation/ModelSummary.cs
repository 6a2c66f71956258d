using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// One model over all its trials: each metric as mean, spread and 95% CI, at clip level and (when items
/// are clips) at track level; the confusion matrix summed over trials; mean per-class F1; timings; and
/// McNemar's exact test against the best model on the same test items.
/// </summary>
public sealed record ModelSummary(
    string Model,
    string Family,
    string Features,
    int Trials,
    int FailedTrials,
    string? Error,
    Spread Accuracy,
    Spread MacroF1,
    Spread MacroAuc,
    Spread LogLoss,
    Spread? TrackAccuracy,
    Spread? TrackMacroF1,
    int[][] Confusion,
    double[] MeanPerClassF1,
    double MeanFitSeconds,
    double MeanScoreMillisecondsPerItem,
    string Parameters,
    McNemar? VersusBest)
{
    public static IReadOnlyList<ModelSummary> Summarise(IReadOnlyList<TrialResult> trials, IReadOnlyList<string> modelOrder, int classCount, bool clips)
    {
        var summaries = modelOrder.Select(m => One(trials.Where(t => t.Model == m).ToList(), m, classCount, clips)).ToList();
        var best = summaries.Where(s => s.Trials > 0).MaxBy(s => s.Accuracy.Mean);
        if (best is null) return summaries;
        return summaries.Select(s => s.Trials == 0 || s == best ? s : s with { VersusBest = Versus(trials, best.Model, s.Model) }).ToList();
    }

    private static ModelSummary One(List<TrialResult> all, string model, int classCount, bool clips)
    {
        var ok = all.Where(t => t.Status == TrialResult.Succeeded).ToList();
        var first = all.FirstOrDefault();
        var clipEvaluations = ok.Select(t => Evaluation.Of(t.Predictions.Select(p => p.Truth).ToArray(), t.Predictions.Select(p => p.Probabilities).ToArray(), classCount)).ToList();
        var trackEvaluations = clips
            ? ok.Select(t =>
            {
                var (_, truth, probabilities) = TrackAggregation.MeanOverClips(t.Predictions.Select(p => p.Track).ToArray(),
                    t.Predictions.Select(p => p.Truth).ToArray(), t.Predictions.Select(p => p.Probabilities).ToArray());
                return Evaluation.Of(truth, probabilities, classCount);
            }).ToList()
            : null;
        var confusion = new int[classCount][];
        for (int c = 0; c < classCount; c++)
            confusion[c] = Enumerable.Range(0, classCount).Select(p => clipEvaluations.Sum(e => e.Classification.ConfusionMatrix[c][p])).ToArray();
        double[] perClassF1 = Enumerable.Range(0, classCount)
            .Select(c => clipEvaluations.Count == 0 ? double.NaN : clipEvaluations.Average(e => e.Classification.F1[c])).ToArray();
        int items = ok.Sum(t => t.Predictions.Count);
        return new ModelSummary(model, first?.Family ?? "", first?.Features ?? "", ok.Count, all.Count - ok.Count,
            all.FirstOrDefault(t => t.Error is not null)?.Error,
            Spread.Of(clipEvaluations.Select(e => e.Classification.Accuracy)),
            Spread.Of(clipEvaluations.Select(e => e.Classification.MacroF1)),
            Spread.Of(clipEvaluations.Select(e => e.MacroAuc)),
            Spread.Of(clipEvaluations.Select(e => e.LogLoss)),
            trackEvaluations is null ? null : Spread.Of(trackEvaluations.Select(e => e.Classification.Accuracy)),
            trackEvaluations is null ? null : Spread.Of(trackEvaluations.Select(e => e.Classification.MacroF1)),
            confusion, perClassF1,
            ok.Count == 0 ? 0 : ok.Average(t => t.FitSeconds),
            items == 0 ? 0 : 1000 * ok.Sum(t => t.ScoreSeconds) / items,
            ok.FirstOrDefault()?.Parameters ?? first?.Parameters ?? "",
            null);
    }

    /// <summary>Pools every trial both models share (same repeat and fold, hence the same test items).</summary>
    private static McNemar Versus(IReadOnlyList<TrialResult> trials, string best, string other)
    {
        var bestCorrect = new List<bool>();
        var otherCorrect = new List<bool>();
        foreach (var b in trials.Where(t => t.Model == best && t.Status == TrialResult.Succeeded))
        {
            var o = trials.FirstOrDefault(t => t.Model == other && t.Key == b.Key && t.Status == TrialResult.Succeeded);
            if (o is null || o.Predictions.Count != b.Predictions.Count) continue;
            var byItem = o.Predictions.ToDictionary(p => p.Item);
            foreach (var p in b.Predictions)
            {
                if (!byItem.TryGetValue(p.Item, out var q)) continue;
                bestCorrect.Add(p.Predicted == p.Truth);
                otherCorrect.Add(q.Predicted == q.Truth);
            }
        }
        return McNemar.Compare(bestCorrect, otherCorrect);
    }
}
