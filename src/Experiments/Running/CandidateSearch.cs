using System.Diagnostics;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Splitting;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Plan;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Grid search: every candidate is scored by stratified, grouped k-fold cross-validation on the training part only
/// (each family standardises inside its own fit, so per fold); the best mean score wins, the first on ties.
/// Candidates of a staged family (boosting rounds, forest size) that differ only in the stage count share one fit
/// per fold with the largest count, each scored on its own prefix — exactly what separate fits would give.
/// </summary>
public static class CandidateSearch
{
    /// <summary>Candidates fitted together: the options to fit and, per member candidate, its stage count (null = all).</summary>
    private sealed record Group(object Fit, IReadOnlyList<(int Candidate, int? Stages)> Members);

    public static (object Best, IReadOnlyList<CandidateScore> Scores) Select(ModelPlan model, FeatureTable training, FitContext context)
    {
        var candidates = model.Candidates;
        if (candidates.Count == 1) return (candidates[0], []);
        var folds = StratifiedGroupSplitter.Folds(training.ClassIndex, context.Grouping.GroupsOf(training), model.Cv.Folds, context.Seed, training.ClassNames,
            warning => context.Report("cross-validation: " + warning));
        var groups = Groups(model.Family, candidates);
        var scores = new double[candidates.Count][];
        var seconds = new double[candidates.Count];
        for (int c = 0; c < candidates.Count; c++) scores[c] = new double[folds.Count];
        var tasks = groups.SelectMany(g => Enumerable.Range(0, folds.Count).Select(f => (Group: g, Fold: f))).ToArray();
        int done = 0;
        void FitFold((Group Group, int Fold) task, int threads)
        {
            var clock = Stopwatch.StartNew();
            var held = folds[task.Fold];
            var heldSet = held.ToHashSet();
            var train = training.Select(Enumerable.Range(0, training.Count).Where(i => !heldSet.Contains(i)).ToArray());
            var test = training.Select(held);
            var fitted = model.Family.Fit(train, task.Group.Fit, context with { Log = null, WorkDirectory = null, Threads = threads });
            foreach (var (candidate, stages) in task.Group.Members)
            {
                int[] predicted = test.Rows.Select(row => Evaluation.Evaluation.ArgMax(stages is int m && fitted is IStagedModel staged
                    ? staged.PredictProbabilities(row, m) : fitted.PredictProbabilities(row))).ToArray();
                var metrics = ClassificationMetrics.Compute(test.ClassIndex, predicted, training.ClassNames.Count);
                scores[candidate][task.Fold] = model.Cv.Metric == CvMetric.MacroF1 ? metrics.MacroF1 : metrics.Accuracy;
            }
            double share = clock.Elapsed.TotalSeconds / task.Group.Members.Count;
            lock (seconds)
                foreach (var (candidate, _) in task.Group.Members) seconds[candidate] += share;
            context.Report($"grid: {Interlocked.Increment(ref done)}/{tasks.Length} fits ({task.Group.Members.Count} candidate(s), fold {task.Fold + 1})");
        }
        if (model.Family.FitsInParallel)
        {
            // Fits run in parallel, so each gets one thread (no oversubscription of native pools).
            var options = new ParallelOptions { CancellationToken = context.Cancellation, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
            Parallel.ForEach(tasks, options, task => FitFold(task, threads: 1));
        }
        else
            foreach (var task in tasks)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                FitFold(task, context.Threads);
            }
        var results = Enumerable.Range(0, candidates.Count)
            .Select(c => new CandidateScore(OptionBinder.Format(candidates[c]), scores[c], scores[c].Average(), seconds[c])).ToArray();
        int best = Enumerable.Range(0, results.Length).MaxBy(i => (results[i].MeanScore, -i));
        return (candidates[best], results);
    }

    /// <summary>Candidates of a staged family that agree on every option but the stage count form one group; others are alone.</summary>
    private static IReadOnlyList<Group> Groups(IModelFamily family, IReadOnlyList<object> candidates)
    {
        if (family is not IStagedFamily staged)
            return candidates.Select((c, i) => new Group(c, [(i, null)])).ToArray();
        var stageOption = OptionBinder.Describe(family.DefaultOptions.GetType()).Single(o => o.Name == staged.StageOption);
        return Enumerable.Range(0, candidates.Count)
            .GroupBy(i => string.Join(", ", OptionBinder.ToText(candidates[i]).Where(p => p.Key != staged.StageOption).Select(p => $"{p.Key}={p.Value}")))
            .Select(g =>
            {
                int Stages(int i) => (int)stageOption.Property.GetValue(candidates[i])!;
                int largest = g.MaxBy(Stages);
                return new Group(candidates[largest], g.Select(i => (i, (int?)Stages(i))).ToArray());
            }).ToArray();
    }
}
