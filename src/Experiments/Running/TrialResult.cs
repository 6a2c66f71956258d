using MlNetGenre.Core.Models;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// The outcome of one model on one split (repeat x fold): parameters used, timings, the test
/// predictions made by ONNX Runtime from the exported file, grid-search scores and training curves.
/// Stored as JSON so a rerun of the same spec reuses it instead of training again.
/// </summary>
public sealed record TrialResult
{
    public const string Succeeded = "ok";
    public const string Failed = "failed";

    public required string Model { get; init; }
    public required string Family { get; init; }
    public required string Features { get; init; }
    public required int Repeat { get; init; }
    public required int Fold { get; init; }
    public required int Seed { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    /// <summary>The parameters of the fitted model (the grid's best, merged with fixed params).</summary>
    public string Parameters { get; init; } = "";
    public IReadOnlyList<CandidateScore> Grid { get; init; } = [];
    public string? GridMetric { get; init; }
    public double FitSeconds { get; init; }
    public double ScoreSeconds { get; init; }
    public string? ScoringDevice { get; init; }
    public string? OnnxFile { get; init; }
    public int TrainItems { get; init; }
    public IReadOnlyList<Prediction> Predictions { get; init; } = [];
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>True when this trial was taken from an earlier run of the same spec and code.</summary>
    public bool Reused { get; init; }

    public string Key => $"r{Repeat}-f{Fold}";
}
