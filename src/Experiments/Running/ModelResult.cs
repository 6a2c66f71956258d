using MlNetGenre.Experiments.Evaluation;

namespace MlNetGenre.Experiments.Running;

/// <summary>The outcome of one model in a run: its metrics and test predictions, or the error that stopped it.</summary>
public sealed record ModelResult(
    string Name,
    string Family,
    string Features,
    string Parameters,
    string Status,
    string? Error,
    ClassificationMetrics? Metrics,
    string? OnnxFile,
    string? ScoringDevice,
    double FitSeconds,
    double ScoreSeconds,
    IReadOnlyList<Prediction> Predictions)
{
    public const string Succeeded = "ok";
    public const string Failed = "failed";
}
