using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// results.json, schema <c>mlnetgenre.results/2</c> (documented in the README): run facts, splits,
/// skipped files, one summary per model (metrics as mean/sd/95% CI over trials, clip and track level,
/// confusion matrix, per-class F1, the paired test against the best) and one entry per trial (no predictions;
/// those are in predictions.csv).
/// </summary>
public static class ResultsJson
{
    public const string Schema = "mlnetgenre.results/3";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(RunResult run) => JsonSerializer.Serialize(new
    {
        Schema,
        run.Experiment,
        run.RunId,
        Started = run.Started.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        run.WallSeconds,
        run.Seed,
        run.Dataset,
        Classes = run.ClassNames,
        ItemsAreClips = run.Clips,
        Split = run.SplitDescription,
        run.Grouped,
        Intervals = run.Resampling?.IntervalDescription,
        PairedTest = run.Resampling is null ? null : Evaluation.PairedComparison.Describe(run.Resampling),
        run.Splits,
        Reference = run.Reference is null ? null : new
        {
            run.Reference.Source,
            Models = run.Reference.Models.Select(p => new { Model = p.Key, p.Value.Accuracy, p.Value.MacroF1, p.Value.MacroAuc }),
        },
        BadFiles = run.BadFiles.Select(b => new { Track = b.TrackId, b.Reason }),
        Models = run.Models.Select(m => new
        {
            m.Model,
            m.Family,
            m.Features,
            m.Trials,
            m.FailedTrials,
            m.Error,
            m.Parameters,
            Accuracy = S(m.Accuracy),
            MacroF1 = S(m.MacroF1),
            MacroAuc = S(m.MacroAuc),
            LogLoss = S(m.LogLoss),
            TrackAccuracy = m.TrackAccuracy is null ? null : S(m.TrackAccuracy),
            TrackMacroF1 = m.TrackMacroF1 is null ? null : S(m.TrackMacroF1),
            PerClassF1 = run.ClassNames.Select((c, i) => new { Class = c, F1 = m.MeanPerClassF1[i] }),
            ConfusionMatrix = m.Confusion,
            m.MeanFitSeconds,
            m.MeanScoreMillisecondsPerItem,
            VersusBest = m.VersusBest is null ? null : new
            {
                m.VersusBest.Test, m.VersusBest.Tracks, m.VersusBest.PValue, m.VersusBest.OnlyBestCorrect, m.VersusBest.OnlyOtherCorrect,
                m.VersusBest.MeanAccuracyDifference, m.VersusBest.PerSplitP,
            },
        }),
        Trials = run.Trials.Select(t => new
        {
            t.Model,
            Split = t.Key,
            t.Seed,
            t.Status,
            t.Error,
            t.Parameters,
            t.FitSeconds,
            t.ScoreSeconds,
            t.ScoringDevice,
            Onnx = t.OnnxFile,
            t.TrainItems,
            TestItems = t.Predictions.Count,
            Accuracy = t.Predictions.Count == 0 ? double.NaN : t.Predictions.Count(p => p.Predicted == p.Truth) / (double)t.Predictions.Count,
            t.Reused,
            t.GridMetric,
            t.Grid,
            Epochs = t.History,
        }),
    }, Options);

    private static object S(Spread s) => new { s.Mean, Sd = s.StandardDeviation, CiLow = s.Low, CiHigh = s.High, N = s.Count };
}
