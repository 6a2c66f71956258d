namespace MlNetGenre.Core.Models;

/// <summary>One epoch of a training curve, for reports (CSV/JSON and plots).</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    double Seconds);
