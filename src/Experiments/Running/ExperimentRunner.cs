using System.Diagnostics;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Runs one experiment end to end: dataset -> features -> grouped stratified split -> fit each model
/// -> export it to ONNX -> score the test part through ONNX Runtime -> metrics -> reports.
/// One failing model is recorded as failed; the others still run.
/// </summary>
public sealed class ExperimentRunner(IRunLog log)
{
    public sealed record Options(string? OutputRoot = null, string? DatasetRoot = null, OnnxDevice Device = OnnxDevice.Cpu);

    public RunResult Run(ExperimentSpec spec, Options options, CancellationToken cancellation)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        string runId = started.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        string runDirectory = Path.GetFullPath(Path.Combine(options.OutputRoot ?? spec.Output, spec.Name, runId));
        for (int i = 2; Directory.Exists(runDirectory); i++) runDirectory = Path.GetFullPath(Path.Combine(options.OutputRoot ?? spec.Output, spec.Name, $"{runId}-{i}"));
        runId = Path.GetFileName(runDirectory);

        var dataset = DatasetFactory.Create(spec, options.DatasetRoot);
        log.Info($"Dataset: {dataset.Description} ({dataset.Tracks.Count} tracks)");

        var used = spec.Models.Select(m => m.Features).Distinct().ToArray();
        var featureSets = spec.Features.Where(f => used.Contains(f.Name))
            .ToDictionary(f => f.Name, f => FeatureSetRegistry.Create(f, spec.Dataset.SampleRate));
        var extraction = FeatureExtractionStage.Run(dataset, featureSets, spec.Dataset.SampleRate, spec.Dataset.BadFiles == "fail", log, cancellation);

        var anyTable = extraction.Tables.Values.First();
        var split = HoldoutSplitter.Split(anyTable.ClassIndex, anyTable.Groups, spec.Split.TestFraction, spec.Seed);
        log.Info($"Split: {split.Train.Count} train / {split.Test.Count} test items, stratified by genre, grouped by track");

        Directory.CreateDirectory(Path.Combine(runDirectory, "models"));
        var results = new List<ModelResult>();
        foreach (var model in spec.Models)
        {
            cancellation.ThrowIfCancellationRequested();
            var table = extraction.Tables[model.Features];
            results.Add(RunModel(model, table, featureSets[model.Features], split, spec.Seed, runDirectory, options.Device, cancellation));
        }

        var run = new RunResult(spec.Name, runId, runDirectory, dataset.Description, anyTable.ClassNames,
            split.Train.Count, split.Test.Count, extraction.BadFiles, results, started, clock.Elapsed.TotalSeconds, spec.Seed);
        RunReports.WriteAll(run);
        return run;
    }

    private ModelResult RunModel(ModelSpec model, FeatureTable table, IFeatureSet featureSet, TrainTestSplit split,
        int seed, string runDirectory, OnnxDevice device, CancellationToken cancellation)
    {
        var family = ModelFamilies.All[model.Family];
        var parameters = new HyperParameters(model.Params);
        log.Info($"Model {model.Name}: {family.Name} on {model.Features} ({parameters})");
        var clock = Stopwatch.StartNew();
        try
        {
            var train = table.Select(split.Train);
            var test = table.Select(split.Test);
            var fitted = family.Fit(train, parameters, new FitContext(seed, cancellation, Log: message => log.Info("    " + message)));
            double fitSeconds = clock.Elapsed.TotalSeconds;

            var frontEnd = new Dictionary<string, string>(featureSet.Parameters) { ["feature_set"] = featureSet.Name };
            var metadata = new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family.Name, frontEnd);
            string onnxFile = Path.Combine(runDirectory, "models", model.Name + ".onnx");
            OnnxModelFile.Save(fitted.ToOnnx(metadata), onnxFile);

            clock.Restart();
            using var scorer = OnnxScorer.Open(onnxFile, device);
            float[][] probabilities = scorer.PredictProbabilities(test.Rows);
            double scoreSeconds = clock.Elapsed.TotalSeconds;

            var predictions = Enumerable.Range(0, test.Count).Select(i => new Prediction(
                test.ItemIds[i], test.Groups[i], test.ClassIndex[i], ArgMax(probabilities[i]), probabilities[i])).ToList();
            var metrics = ClassificationMetrics.Compute(test.ClassIndex, predictions.Select(p => p.Predicted).ToArray(), table.ClassNames.Count);
            log.Info($"  {model.Name}: accuracy {100 * metrics.Accuracy:F1}%, macro-F1 {metrics.MacroF1:F3} (fit {fitSeconds:F1} s, scored in ONNX Runtime on {scorer.DeviceDescription})");
            return new ModelResult(model.Name, family.Name, model.Features, parameters.ToString(), ModelResult.Succeeded, null, metrics,
                Path.GetRelativePath(runDirectory, onnxFile), scorer.DeviceDescription, fitSeconds, scoreSeconds, predictions);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warning($"  {model.Name} failed: {e.Message}");
            return new ModelResult(model.Name, family.Name, model.Features, parameters.ToString(), ModelResult.Failed, e.Message,
                null, null, null, clock.Elapsed.TotalSeconds, 0, []);
        }
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
