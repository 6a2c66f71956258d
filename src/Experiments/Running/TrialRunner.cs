using System.Diagnostics;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.IO;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Runs one trial (a model on one split): grid search on the training part when a grid is given, fit, export to
/// ONNX with the model's front end in its metadata, score the test part with ONNX Runtime from that file. A
/// finished trial is stored and reused by a rerun with the same key (after checking it tested the same items); a
/// failure is recorded and the run goes on.
/// With <c>computeMissing</c> false (a report-only step) nothing is computed: a trial without a stored result is
/// reported as failed, with the error its task recorded, or as not computed.
/// </summary>
internal sealed class TrialRunner(IRunLog log, TrialStore store, string modelsDirectory, ExperimentPlan plan, bool computeMissing = true)
{
    public TrialResult Run(ModelPlan model, FeatureTable table, SplitPlan split, string key, string onnxName, CancellationToken cancellation)
    {
        string onnxPath = Path.Combine(modelsDirectory, onnxName);
        var testIds = split.Test.Select(i => table.ItemIds[i]).ToArray();
        using var claim = store.Claim(key, cancellation, () => log.Info($"  {model.Name} [{split.Key}]: another process is computing this trial; waiting for it"));
        if (store.TryLoad(key, out var stored, out string? storedOnnx))
        {
            if (stored.Status == TrialResult.Succeeded && !stored.Predictions.Select(p => p.Item).SequenceEqual(testIds))
                throw new InvalidDataException($"the stored trial {Path.Combine(store.Root, key)} tested other items than split {split.Key} holds now, " +
                    "although its key matches; delete that folder to recompute it");
            if (storedOnnx is not null)
            {
                OnnxModelFile.Copy(storedOnnx, onnxPath); // with its external data, if it has some
                WriteAudioIn(model, onnxPath);
            }
            log.Info($"  {model.Name} [{split.Key}]: reused from an earlier run (same spec, data and code)");
            return stored with { OnnxFile = storedOnnx is null ? null : Path.Combine("models", onnxName), Reused = true };
        }

        var family = model.Family;
        var partial = new TrialResult
        {
            Model = model.Name, Family = family.Name, Features = model.Features.Name, Repeat = split.Repeat, Fold = split.Fold, Seed = split.Seed,
            Status = TrialResult.Failed, TrainItems = split.Train.Count,
        };
        if (!computeMissing)
        {
            if (store.TryLoadFailure(key, out var failure)) return failure with { Reused = true };
            log.Warning($"  {model.Name} [{split.Key}]: no stored result; its task did not finish (rerun the trials step)");
            return partial with { Error = "not computed: no stored result (its task did not finish or was cancelled); rerun the trials step" };
        }
        var clock = Stopwatch.StartNew();
        try
        {
            var train = table.Select(split.Train);
            var test = table.Select(split.Test);
            var context = new FitContext(split.Seed, cancellation, Path.Combine(store.Root, key + ".work"), plan.Device,
                Math.Max(1, Environment.ProcessorCount), message => log.Info($"    {model.Name} [{split.Key}] {message}"))
            {
                Validation = split.Validation.Count > 0 ? table.Select(split.Validation) : null,
                Grouping = plan.Split.GroupBy,
            };
            if (model.HasGrid)
                log.Info($"  {model.Name} [{split.Key}]: grid search over {model.Candidates.Count} candidates, {model.Cv.Folds}-fold CV on {train.Count} training items");
            var (best, grid) = CandidateSearch.Select(model, train, context);
            var fitted = family.Fit(train, best, context) as IExportableModel
                ?? throw new InvalidOperationException($"family '{family.Name}' gave a model that cannot be exported to ONNX");
            double fitSeconds = clock.Elapsed.TotalSeconds;

            OnnxModelFile.Save(fitted.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family.Name, FrontEndOf(model, table))), onnxPath);
            WriteAudioIn(model, onnxPath);

            clock.Restart();
            using var scorer = OnnxScorer.Open(onnxPath, plan.Device);
            var probabilities = scorer.PredictRows(test.Rows, test.ItemShape, cancellation: cancellation);
            double scoreSeconds = clock.Elapsed.TotalSeconds;

            var result = partial with
            {
                Status = TrialResult.Succeeded,
                Parameters = OptionBinder.Format(best),
                Grid = grid,
                GridMetric = grid.Count > 0 ? Core.Options.OptionValues.EnumName(model.Cv.Metric) : null,
                FitSeconds = fitSeconds,
                ScoreSeconds = scoreSeconds,
                ScoringDevice = scorer.DeviceDescription,
                OnnxFile = Path.Combine("models", onnxName),
                Predictions = Enumerable.Range(0, test.Count)
                    .Select(i => new Prediction(test.ItemIds[i], test.TrackIds[i], test.ClassIndex[i], probabilities[i])).ToList(),
                History = fitted is ITrainingHistory history ? history.History : [],
            };
            var accuracy = result.Predictions.Count(p => p.Predicted == p.Truth) / (double)Math.Max(1, result.Predictions.Count);
            log.Info($"  {model.Name} [{split.Key}]: accuracy {100 * accuracy:F1}% on {test.Count} test items " +
                     $"(fit {fitSeconds:F1} s; scored by ONNX Runtime on {scorer.DeviceDescription}){(grid.Count > 0 ? $"; best {OptionBinder.FormatChanges(best, family.DefaultOptions)}" : "")}");
            store.Save(key, result, onnxPath);
            // The checkpoints served to resume this trial; once it is stored they are dead weight.
            if (context.WorkDirectory is { } work && Directory.Exists(work)) Directory.Delete(work, recursive: true);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException && !OutputWriteException.IsStorageFault(e))
        {
            // A model that cannot be fitted is this trial's failure and the run goes on; a full disk stops the run.
            log.Warning($"  {model.Name} [{split.Key}] failed: {e.Message}");
            var failed = partial with { Error = e.Message, FitSeconds = clock.Elapsed.TotalSeconds };
            store.SaveFailure(key, failed);
            return failed;
        }
    }

    /// <summary>With <c>export: {audio_in: true}</c>, the audio-in model beside the feature model (derived from it, so reused trials get it too).</summary>
    private static void WriteAudioIn(ModelPlan model, string onnxPath)
    {
        if (model.AudioIn) OnnxModelFile.Save(Export.AudioInExport.Build(onnxPath), Path.ChangeExtension(onnxPath, ".audio.onnx"));
    }

    /// <summary>The front end an exported model carries: how to turn audio into its input, exactly as in training.</summary>
    private IReadOnlyDictionary<string, string> FrontEndOf(ModelPlan model, FeatureTable table)
    {
        var feature = model.Features;
        if (feature.FromDataset)
            return new FrontEnd(FrontEnd.CsvFeatureSet, new Dictionary<string, string>(), 0, ClipWindowing.WholeTrack, table.ItemShape).ToMetadata();
        int rate = plan.Audio.SampleRate ?? 0; // 0: each file at its own rate (whole tracks, vector sets: the plan allows nothing else)
        var description = feature.Create(plan.Audio.SampleRate ?? 22050, plan.Audio.ItemSamples(plan.Audio.SampleRate ?? 22050)).Parameters;
        return new FrontEnd(feature.KindName, feature.OptionText, rate, plan.Audio.WindowingAt(rate), table.ItemShape).ToMetadata(description);
    }
}
