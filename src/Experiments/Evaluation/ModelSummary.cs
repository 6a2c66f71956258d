using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// One model over all its trials: each metric as mean, spread and 95% CI, at clip level and (when items
/// are clips) at track level; the confusion matrix summed over trials; mean per-class F1; timings; and
/// the paired test against the best model (<see cref="PairedComparison"/>); intervals follow the run's <see cref="ResamplingDesign"/>.
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
    PairedComparison? VersusBest)
{
    public static IReadOnlyList<ModelSummary> Summarise(IReadOnlyList<TrialResult> trials, IReadOnlyList<string> modelOrder, int classCount, bool clips)
    {
        var design = ResamplingDesign.Of(trials);
        var summaries = modelOrder.Select(m => One(trials.Where(t => t.Model == m).ToList(), m, classCount, clips, design)).ToList();
        var best = summaries.Where(s => s.Trials > 0).MaxBy(s => s.Accuracy.Mean);
        if (best is null) return summaries;
        return summaries.Select(s => s.Trials == 0 || s == best ? s : s with { VersusBest = PairedComparison.Compare(trials, best.Model, s.Model, design) }).ToList();
    }

    private static ModelSummary One(List<TrialResult> all, string model, int classCount, bool clips, ResamplingDesign design)
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
            .Select(c => clipEvaluations.Where(e => e.Classification.Present(c)).Select(e => e.Classification.F1[c]).DefaultIfEmpty(double.NaN).Average()).ToArray();
        int items = ok.Sum(t => t.Predictions.Count);
        return new ModelSummary(model, first?.Family ?? "", first?.Features ?? "", ok.Count, all.Count - ok.Count,
            all.FirstOrDefault(t => t.Error is not null)?.Error,
            Spread.Of(clipEvaluations.Select(e => e.Classification.Accuracy), design, proportion: true),
            Spread.Of(clipEvaluations.Select(e => e.Classification.MacroF1), design, proportion: true),
            Spread.Of(clipEvaluations.Select(e => e.MacroAuc), design, proportion: true),
            Spread.Of(clipEvaluations.Select(e => e.LogLoss), design),
            trackEvaluations is null ? null : Spread.Of(trackEvaluations.Select(e => e.Classification.Accuracy), design, proportion: true),
            trackEvaluations is null ? null : Spread.Of(trackEvaluations.Select(e => e.Classification.MacroF1), design, proportion: true),
            confusion, perClassF1,
            ok.Count == 0 ? 0 : ok.Average(t => t.FitSeconds),
            items == 0 ? 0 : 1000 * ok.Sum(t => t.ScoreSeconds) / items,
            ok.FirstOrDefault()?.Parameters ?? first?.Parameters ?? "",
            null);
    }
}
