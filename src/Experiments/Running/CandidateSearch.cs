using System.Diagnostics;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Grid search: every candidate is scored by stratified, track-grouped k-fold cross-validation on the
/// training part only (each family standardises inside its own Fit, so per fold); the best mean score wins.
/// </summary>
public static class CandidateSearch
{
    public static (HyperParameters Best, IReadOnlyList<CandidateScore> Scores) Select(IModelFamily family, FeatureTable training,
        IReadOnlyList<HyperParameters> candidates, int folds, string metric, FitContext context, string groupBy = "track")
    {
        if (candidates.Count == 1) return (candidates[0], []);
        var foldTests = StratifiedGroupFolds.Split(training.ClassIndex, groupBy == "artist" ? training.Groups : training.TrackIds, folds, context.Seed, training.ClassNames);
        var scores = new CandidateScore[candidates.Count];
        var options = new ParallelOptions { CancellationToken = context.Cancellation, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
        int done = 0;
        Parallel.For(0, candidates.Count, options, c =>
        {
            var clock = Stopwatch.StartNew();
            var foldScores = new double[folds];
            for (int f = 0; f < folds; f++)
            {
                var test = foldTests[f];
                var testSet = test.ToHashSet();
                var train = training.Select(Enumerable.Range(0, training.Count).Where(i => !testSet.Contains(i)).ToArray());
                var held = training.Select(test);
                // Candidates run in parallel, so each fit gets one thread (no oversubscription of native pools).
                var model = family.Fit(train, candidates[c], context with { Log = null, WorkDirectory = null, Threads = 1 });
                var probabilities = held.Rows.Select(model.PredictProbabilities).ToArray();
                var metrics = ClassificationMetrics.Compute(held.ClassIndex, probabilities.Select(Evaluation.Evaluation.ArgMax).ToArray(), training.ClassNames.Count);
                foldScores[f] = metric == "macro_f1" ? metrics.MacroF1 : metrics.Accuracy;
            }
            scores[c] = new CandidateScore(candidates[c].ToString(), foldScores, foldScores.Average(), clock.Elapsed.TotalSeconds);
            context.Report($"candidate {Interlocked.Increment(ref done)}/{candidates.Count} ({candidates[c]}): {metric} {foldScores.Average():F3}");
        });
        int best = Enumerable.Range(0, scores.Length).MaxBy(i => (scores[i].MeanScore, -i));
        return (candidates[best], scores);
    }

    /// <summary>The cartesian product of the grid's value lists, each merged with the fixed parameters.</summary>
    public static IReadOnlyList<HyperParameters> Candidates(IReadOnlyDictionary<string, object> fixedParameters,
        IReadOnlyDictionary<string, IReadOnlyList<object>> grid)
    {
        IEnumerable<Dictionary<string, object>> combos = [new Dictionary<string, object>(fixedParameters)];
        foreach (var (name, values) in grid.OrderBy(g => g.Key, StringComparer.Ordinal))
            combos = combos.SelectMany(c => values.Select(v => new Dictionary<string, object>(c) { [name] = v }));
        return combos.Select(c => new HyperParameters(c)).ToList();
    }
}
