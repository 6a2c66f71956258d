using System.Diagnostics;
using MlNetGenre.Core.IO;
using MlNetGenre.Core.Splitting;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Splits;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Runs one experiment end to end: dataset -> features (clips) -> split plan (holdout, k-fold, predefined or
/// official; grouped; repeats) -> one trial per model and split (grid search, fit, ONNX export, scoring through
/// ONNX Runtime) -> metrics with spread -> reports. The run folder is assembled under a temporary name and renamed
/// at the end; finished trials are stored, so a rerun resumes. On a cluster the same work is split into three
/// steps run by separate processes: <see cref="ExtractFeatures"/> and <see cref="ComputeTrials"/> each take one
/// shard, and <see cref="Run"/> with <c>ReportOnly</c> writes the report from the stored trials.
/// </summary>
public sealed class ExperimentRunner(IRunLog log)
{
    /// <param name="Only">The models to run (all when null or empty).</param>
    /// <param name="ReportOnly">Compute no trial: report the stored ones, and the missing ones as failed.</param>
    public sealed record Options(IReadOnlyList<string>? Only = null, bool ReportOnly = false);

    /// <summary>The feature step of a cluster run: extracts one shard's tracks into the feature cache; returns how many.</summary>
    public int ExtractFeatures(ExperimentPlan plan, Options options, Shard shard, CancellationToken cancellation) =>
        PreparedData.ExtractShard(plan, plan.Select(options.Only), shard, log, cancellation);

    /// <summary>The trial step of a cluster run: computes and stores the trials this shard owns (finished ones are reused).</summary>
    public IReadOnlyList<TrialResult> ComputeTrials(ExperimentPlan plan, Options options, Shard shard, CancellationToken cancellation)
    {
        var models = plan.Select(options.Only);
        var prepared = PreparedData.Load(plan, models, log, cancellation);
        string experimentRoot = Path.Combine(plan.OutputRoot, plan.Name);
        var store = new TrialStore(Path.Combine(experimentRoot, ".trials"));
        var planned = PlanTrials(plan, models, prepared);
        store.SavePlan(planned.Select(t => t.Planned).ToList());
        var mine = planned.Where(t => shard.Owns(t.Planned.Position)).ToList();
        log.Info($"Shard {shard}: {mine.Count} of {planned.Count} trials");
        // Models are written here before they are stored with their trial; the folder is this process's own.
        string scratch = Path.Combine(experimentRoot, ".shards", $"{shard.Index}-of-{shard.Count}-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        try
        {
            return RunTrials(new TrialRunner(log, store, scratch, plan), mine, planned.Count, prepared, cancellation);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Every trial of the plan in one fixed order (split by split, models in spec order): shards and status read this order.</summary>
    private static List<(SplitPlan Split, ModelPlan Model, PlannedTrial Planned)> PlanTrials(ExperimentPlan plan, IReadOnlyList<ModelPlan> models, PreparedData prepared)
    {
        var trials = new List<(SplitPlan, ModelPlan, PlannedTrial)>();
        foreach (var split in prepared.Splits)
        foreach (var model in models)
            trials.Add((split, model, new PlannedTrial(model.Name, split.Key, TrialKey.Compute(plan, model, split, prepared.Fingerprint), trials.Count)));
        return trials;
    }

    /// <summary>Runs (or reuses from the store) each of <paramref name="trials"/> in order, logging its position among <paramref name="total"/>.</summary>
    private List<TrialResult> RunTrials(TrialRunner runner, IEnumerable<(SplitPlan Split, ModelPlan Model, PlannedTrial Planned)> trials, int total,
        PreparedData prepared, CancellationToken cancellation)
    {
        var results = new List<TrialResult>();
        foreach (var (split, model, trial) in trials)
        {
            cancellation.ThrowIfCancellationRequested();
            log.Info($"Trial {trial.Position + 1}/{total}: {model.Name} ({model.Family.Name} on {model.Features.Name}), split {split.Key}");
            results.Add(runner.Run(model, prepared.Tables[model.Features.Name], split, trial.Key, OnnxName(model, split, prepared), cancellation));
        }
        return results;
    }

    private static string OnnxName(ModelPlan model, SplitPlan split, PreparedData prepared) =>
        prepared.Splits.Count == 1 ? $"{model.Name}.onnx" : $"{model.Name}-{split.Key}.onnx";

    public RunResult Run(ExperimentPlan plan, Options options, CancellationToken cancellation)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var models = plan.Select(options.Only);
        if (plan.Split.GroupBy == Grouping.None)
            log.Warning("split.group_by is none: clips of one track can be in training and test, so test scores are optimistic (leakage); the report says so too");

        var prepared = PreparedData.Load(plan, models, log, cancellation);
        var splits = prepared.Splits;
        log.Info($"Split: {plan.Split.Describe()}; {splits.Count} division(s), {splits[0].Train.Count} train / {splits[0].Validation.Count} validation / {splits[0].Test.Count} test items in the first");

        string experimentRoot = Path.Combine(plan.OutputRoot, plan.Name);
        var (runId, claim) = StartRunFolder(experimentRoot, started);
        string runDirectory = Path.Combine(experimentRoot, runId);
        string partialDirectory = runDirectory + ".partial";
        using var _ = claim;
        try
        {
            var store = new TrialStore(Path.Combine(experimentRoot, ".trials"));
            var trialRunner = new TrialRunner(log, store, Path.Combine(partialDirectory, "models"), plan, computeMissing: !options.ReportOnly);
            var planned = PlanTrials(plan, models, prepared);
            if (!options.ReportOnly) store.SavePlan(planned.Select(t => t.Planned).ToList());
            var trials = RunTrials(trialRunner, planned, planned.Count, prepared, cancellation);

            var table = prepared.Tables.Values.First();
            var run = new RunResult
            {
                Experiment = plan.Name,
                RunId = runId,
                RunDirectory = runDirectory,
                Dataset = prepared.Description,
                ClassNames = table.ClassNames,
                Clips = plan.Audio.Clipped,
                SplitDescription = plan.Split.Describe(),
                Splits = splits.Select(p => new SplitSummary(p.Key, p.Seed, p.Train.Count, p.Validation.Count, p.Test.Count,
                    p.Test.Select(i => table.TrackIds[i]).Distinct().Count())).ToList(),
                BadFiles = prepared.BadFiles,
                Trials = trials,
                Models = ModelSummary.Summarise(trials, models.Select(m => m.Name).ToList(), table.ClassNames.Count, plan.Audio.Clipped),
                Resampling = ResamplingDesign.Of(trials),
                Grouped = plan.Split.GroupBy != Grouping.None,
                Reference = plan.Reference,
                Started = started,
                WallSeconds = clock.Elapsed.TotalSeconds,
                Seed = plan.Seed,
                Formats = plan.Formats.Select(f => Core.Options.OptionValues.EnumName(f)).ToArray(),
            };
            RunReports.WriteAll(run, plan, partialDirectory);
            Directory.Move(partialDirectory, runDirectory);
            claim.Release();
            return run;
        }
        catch (Exception e)
        {
            // Nothing half-made stays behind; finished trials are kept in the store for the next run.
            try { Directory.Delete(partialDirectory, recursive: true); } catch (IOException) { }
            claim.Release();
            var clear = OutputWriteException.From(e, partialDirectory);
            if (ReferenceEquals(clear, e)) throw;
            throw clear;
        }
    }

    /// <summary>Claims a run id and creates its partial folder; an unwritable output folder is a clear error here, before any training.</summary>
    private (string RunId, RunClaim Claim) StartRunFolder(string experimentRoot, DateTimeOffset started)
    {
        try
        {
            var (runId, claim) = RunClaim.Take(experimentRoot, started, log);
            Directory.CreateDirectory(Path.Combine(experimentRoot, runId + ".partial", "models"));
            return (runId, claim);
        }
        catch (Exception e) when (OutputWriteException.IsStorageFault(e))
        {
            throw OutputWriteException.From(e, experimentRoot);
        }
    }
}
