using System.Diagnostics;
using System.Globalization;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Runs one experiment end to end: dataset -> features (clips) -> split plan (holdout, k-fold or
/// predefined; grouped; repeats) -> one trial per model and split (grid search, fit, ONNX export,
/// scoring through ONNX Runtime) -> metrics with spread -> reports. The run folder is assembled under
/// a temporary name and renamed at the end; finished trials are stored, so a rerun resumes.
/// </summary>
public sealed class ExperimentRunner(IRunLog log)
{
    public sealed record Options(string? OutputRoot = null, string? DatasetRoot = null, string? Device = null, IReadOnlyList<string>? Only = null);

    public RunResult Run(ExperimentSpec spec, Options options, CancellationToken cancellation)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var models = SelectModels(spec, options.Only);
        var device = Enum.Parse<OnnxDevice>(options.Device ?? spec.Scoring.Device, ignoreCase: true);

        var prepared = PreparedData.Load(spec, options.DatasetRoot, models, log, cancellation, options.OutputRoot);
        var plans = prepared.Plans;
        log.Info($"Split: {DescribeSplit(spec.Split)}; {plans.Count} division(s), {plans[0].Train.Count} train / {plans[0].Validation.Count} validation / {plans[0].Test.Count} test items in the first");

        string experimentRoot = Path.GetFullPath(Path.Combine(options.OutputRoot ?? spec.Output, spec.Name));
        string runId = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (int i = 2; Directory.Exists(Path.Combine(experimentRoot, runId)); i++)
            runId = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + i;
        string runDirectory = Path.Combine(experimentRoot, runId);
        string partialDirectory = runDirectory + ".partial";
        Directory.CreateDirectory(Path.Combine(partialDirectory, "models"));
        try
        {
            var store = new TrialStore(Path.Combine(experimentRoot, ".trials"));
            var audioFrontEnd = new Dictionary<string, string>
            {
                [Onnx.Prediction.FrontEnd.ClipSecondsKey] = spec.Audio.ClipSeconds.ToString(CultureInfo.InvariantCulture),
                [Onnx.Prediction.FrontEnd.HopSecondsKey] = (spec.Audio.ClipHopSeconds > 0 ? spec.Audio.ClipHopSeconds : spec.Audio.ClipSeconds).ToString(CultureInfo.InvariantCulture),
            };
            if (spec.Audio.SampleRate != "native") audioFrontEnd[Onnx.Prediction.FrontEnd.SampleRateKey] = spec.Audio.SampleRate;
            var trialRunner = new TrialRunner(log, store, Path.Combine(partialDirectory, "models"), device, audioFrontEnd, spec.Split.GroupBy);
            var trials = new List<TrialResult>();
            int total = plans.Count * models.Count, index = 0;
            foreach (var plan in plans)
            foreach (var model in models)
            {
                cancellation.ThrowIfCancellationRequested();
                log.Info($"Trial {++index}/{total}: {model.Name} ({model.Family} on {model.Features}), split {plan.Key}");
                string key = TrialKey.Compute(spec, model, plan, options.DatasetRoot);
                string onnxName = plans.Count == 1 ? $"{model.Name}.onnx" : $"{model.Name}-{plan.Key}.onnx";
                trials.Add(trialRunner.Run(model, prepared.Tables[model.Features], prepared.FeatureSets.GetValueOrDefault(model.Features),
                    plan, key, onnxName, cancellation));
            }

            var table = prepared.Tables.Values.First();
            var run = new RunResult
            {
                Experiment = spec.Name,
                RunId = runId,
                RunDirectory = runDirectory,
                Dataset = prepared.Description,
                ClassNames = table.ClassNames,
                Clips = spec.Audio.ClipSeconds > 0,
                SplitDescription = DescribeSplit(spec.Split),
                Splits = plans.Select(p => new SplitSummary(p.Key, p.Seed, p.Train.Count, p.Validation.Count, p.Test.Count,
                    p.Test.Select(i => table.TrackIds[i]).Distinct().Count())).ToList(),
                BadFiles = prepared.BadFiles,
                Trials = trials,
                Models = ModelSummary.Summarise(trials, models.Select(m => m.Name).ToList(), table.ClassNames.Count, spec.Audio.ClipSeconds > 0),
                Started = started,
                WallSeconds = clock.Elapsed.TotalSeconds,
                Seed = spec.Seed,
            };
            RunReports.WriteAll(run, spec, partialDirectory);
            Directory.Move(partialDirectory, runDirectory);
            return run;
        }
        catch
        {
            // Nothing half-made stays behind; finished trials are kept in the store for the next run.
            try { Directory.Delete(partialDirectory, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    public static string DescribeSplit(SplitSpec split)
    {
        string kind = split.Kind switch
        {
            "kfold" => $"{split.K}-fold",
            "predefined" => "predefined lists",
            _ => $"holdout {split.TestFraction:0.##} test",
        };
        string validation = split.ValidationFraction > 0 ? $", {split.ValidationFraction:0.##} of train for validation" : "";
        string repeats = split.Repeats > 1 ? $", {split.Repeats} repeats" : "";
        return $"{kind}{validation}, stratified by genre, grouped by {split.GroupBy}{repeats}";
    }

    private static List<ModelSpec> SelectModels(ExperimentSpec spec, IReadOnlyList<string>? only)
    {
        if (only is null || only.Count == 0) return spec.Models;
        var unknown = only.Where(o => spec.Models.All(m => m.Name != o)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"--only names unknown model(s) {string.Join(", ", unknown)}; defined: {string.Join(", ", spec.Models.Select(m => m.Name))}");
        return spec.Models.Where(m => only.Contains(m.Name)).ToList();
    }
}
