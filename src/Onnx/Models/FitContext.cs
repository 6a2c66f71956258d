using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Onnx.Models;

/// <summary>
/// What a fit needs besides data and hyper-parameters: the seed (same seed = same model on CPU),
/// cancellation, a folder for checkpoints (deep models resume from it), the device, a thread budget,
/// and a log for progress lines (epochs, folds).
/// </summary>
public sealed record FitContext(
    int Seed,
    CancellationToken Cancellation = default,
    string? WorkDirectory = null,
    string Device = "cpu",
    int Threads = 1,
    Action<string>? Log = null)
{
    /// <summary>
    /// A validation part chosen by the experiment's split (e.g. the predefined valid list), for early
    /// stopping; when null, families that need one carve it out of the training part, grouped by track.
    /// </summary>
    public FeatureTable? Validation { get; init; }

    public void Report(string message) => Log?.Invoke(message);
}
