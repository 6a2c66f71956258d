using System.Diagnostics;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Prediction;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Runs one trial (a model on one split): grid search on the training part when a grid is given, fit,
/// export to ONNX, score the test part with ONNX Runtime from that file. A finished trial is stored
/// and reused by a rerun of the same spec; a failure is recorded and the run goes on.
/// </summary>
internal sealed class TrialRunner(IRunLog log, TrialStore store, string modelsDirectory, OnnxDevice device,
    IReadOnlyDictionary<string, string> audioFrontEnd, string groupBy)
{
    public TrialResult Run(ModelSpec model, FeatureTable table, IFeatureSet? featureSet, SplitPlan plan, string key, string onnxName,
        CancellationToken cancellation)
    {
        string onnxPath = Path.Combine(modelsDirectory, onnxName);
        if (store.TryLoad(key, out var stored, out string? storedOnnx))
        {
            if (storedOnnx is not null) File.Copy(storedOnnx, onnxPath, overwrite: true);
            log.Info($"  {model.Name} [{plan.Key}]: reused from an earlier run (same spec and code)");
            return stored with { OnnxFile = storedOnnx is null ? null : Path.Combine("models", onnxName), Reused = true };
        }

        var family = ModelFamilies.All[model.Family];
        var partial = new TrialResult
        {
            Model = model.Name, Family = family.Name, Features = model.Features, Repeat = plan.Repeat, Fold = plan.Fold, Seed = plan.Seed,
            Status = TrialResult.Failed, TrainItems = plan.Train.Count,
        };
        var clock = Stopwatch.StartNew();
        try
        {
            var train = table.Select(plan.Train);
            var test = table.Select(plan.Test);
            var context = new FitContext(plan.Seed, cancellation, Path.Combine(store.Root, key + ".work"), device == OnnxDevice.Cpu ? "cpu" : device.ToString().ToLowerInvariant(),
                Math.Max(1, Environment.ProcessorCount), message => log.Info($"    {model.Name} [{plan.Key}] {message}"))
            {
                Validation = plan.Validation.Count > 0 ? table.Select(plan.Validation) : null,
            };
            var fixedParameters = model.Params.Concat(model.Train).ToDictionary(p => p.Key, p => p.Value);
            var candidates = CandidateSearch.Candidates(fixedParameters, GridValues.Expand(model.Grid));
            if (candidates.Count > 1)
                log.Info($"  {model.Name} [{plan.Key}]: grid search over {candidates.Count} candidates, {model.Cv.Folds}-fold CV on {train.Count} training items");
            var (best, grid) = CandidateSearch.Select(family, train, candidates, model.Cv.Folds, model.Cv.Metric, context, groupBy);
            var fitted = family.Fit(train, best, context);
            double fitSeconds = clock.Elapsed.TotalSeconds;

            var frontEnd = new Dictionary<string, string>(featureSet?.Parameters ?? new Dictionary<string, string>());
            foreach (var (k, v) in audioFrontEnd) frontEnd[k] = v;
            frontEnd[FrontEnd.FeatureSetKey] = featureSet?.Name ?? FeatureSetRegistry.CsvKind;
            frontEnd[FrontEnd.InputShapeKey] = string.Join(",", table.ItemShape);
            var metadata = new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family.Name, frontEnd);
            OnnxModelFile.Save(fitted.ToOnnx(metadata), onnxPath);

            clock.Restart();
            using var scorer = OnnxScorer.Open(onnxPath, device);
            var probabilities = new List<float[]>(test.Count);
            long[] shape = [0, .. test.ItemShape.Select(d => (long)d)];
            const int batch = 256;
            for (int start = 0; start < test.Count; start += batch)
            {
                cancellation.ThrowIfCancellationRequested();
                var rows = test.Rows.Skip(start).Take(batch).ToArray();
                shape[0] = rows.Length;
                probabilities.AddRange(scorer.PredictProbabilities(rows.SelectMany(r => r).ToArray(), shape));
            }
            double scoreSeconds = clock.Elapsed.TotalSeconds;

            var result = partial with
            {
                Status = TrialResult.Succeeded,
                Parameters = best.ToString(),
                Grid = grid,
                GridMetric = grid.Count > 0 ? model.Cv.Metric : null,
                FitSeconds = fitSeconds,
                ScoreSeconds = scoreSeconds,
                ScoringDevice = scorer.DeviceDescription,
                OnnxFile = Path.Combine("models", onnxName),
                Predictions = Enumerable.Range(0, test.Count)
                    .Select(i => new Prediction(test.ItemIds[i], test.TrackIds[i], test.ClassIndex[i], probabilities[i])).ToList(),
                History = fitted is ITrainingHistory history ? history.History : [],
            };
            var accuracy = result.Predictions.Count(p => p.Predicted == p.Truth) / (double)Math.Max(1, result.Predictions.Count);
            log.Info($"  {model.Name} [{plan.Key}]: accuracy {100 * accuracy:F1}% on {test.Count} test items " +
                     $"(fit {fitSeconds:F1} s; scored by ONNX Runtime on {scorer.DeviceDescription}){(grid.Count > 0 ? $"; best {best}" : "")}");
            store.Save(key, result, onnxPath);
            // The checkpoints served to resume this trial; once it is stored they are dead weight.
            if (context.WorkDirectory is { } work && Directory.Exists(work)) Directory.Delete(work, recursive: true);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warning($"  {model.Name} [{plan.Key}] failed: {e.Message}");
            return partial with { Error = e.Message, FitSeconds = clock.Elapsed.TotalSeconds };
        }
    }
}
