using System.Text.Json;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// results.json, schema <c>mlnetgenre.results/1</c>: run facts, classes, skipped files and one entry
/// per model with status, timings, ONNX file and metrics (per-class report and confusion matrix).
/// </summary>
public static class ResultsJson
{
    public const string Schema = "mlnetgenre.results/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Render(RunResult run) => JsonSerializer.Serialize(new
    {
        Schema,
        run.Experiment,
        run.RunId,
        Started = run.Started.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        run.WallSeconds,
        run.Seed,
        Dataset = run.DatasetDescription,
        Classes = run.ClassNames,
        run.TrainItems,
        run.TestItems,
        BadFiles = run.BadFiles.Select(b => new { Track = b.TrackId, b.Reason }),
        Models = run.Models.Select(m => new
        {
            m.Name,
            m.Family,
            m.Features,
            m.Parameters,
            m.Status,
            m.Error,
            Onnx = m.OnnxFile,
            m.ScoringDevice,
            m.FitSeconds,
            m.ScoreSeconds,
            Metrics = m.Metrics is null ? null : new
            {
                m.Metrics.Accuracy,
                m.Metrics.MacroF1,
                PerClass = run.ClassNames.Select((c, i) => new
                {
                    Class = c,
                    Precision = m.Metrics.Precision[i],
                    Recall = m.Metrics.Recall[i],
                    F1 = m.Metrics.F1[i],
                    Support = m.Metrics.Support[i],
                }),
                m.Metrics.ConfusionMatrix,
            },
        }),
    }, Options);
}
