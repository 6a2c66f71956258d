using System.Diagnostics;
using MlNetGenre.Core.IO;
using MlNetGenre.Core.Splitting;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Reports;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Runs one experiment end to end: dataset -> features (clips) -> split plan (holdout, k-fold, predefined or
/// official; grouped; repeats) -> one trial per model and split (grid search, fit, ONNX export, scoring through
/// ONNX Runtime) -> metrics with spread -> reports. The run folder is assembled under a temporary name and renamed
/// at the end; finished trials are stored, so a rerun resumes.
/// </summary>
public sealed class ExperimentRunner(IRunLog log)
{
    public sealed record Options(IReadOnlyList<string>? Only = null);

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
            var trialRunner = new TrialRunner(log, store, Path.Combine(partialDirectory, "models"), plan);
            var trials = new List<TrialResult>();
            int total = splits.Count * models.Count, index = 0;
            foreach (var split in splits)
            foreach (var model in models)
            {
                cancellation.ThrowIfCancellationRequested();
                log.Info($"Trial {++index}/{total}: {model.Name} ({model.Family.Name} on {model.Features.Name}), split {split.Key}");
                string key = TrialKey.Compute(plan, model, split, prepared.Fingerprint);
                string onnxName = splits.Count == 1 ? $"{model.Name}.onnx" : $"{model.Name}-{split.Key}.onnx";
                trials.Add(trialRunner.Run(model, prepared.Tables[model.Features.Name], split, key, onnxName, cancellation));
            }

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
