using MlNetGenre.Core.Data;
using MlNetGenre.Core.Splitting;

namespace MlNetGenre.Core.Models;

/// <summary>
/// What a fit needs besides data and hyper-parameters: the seed (same seed = same model on CPU),
/// cancellation, a folder for checkpoints (deep models resume from it), the device, a thread budget,
/// and a log for progress lines (epochs, folds).
/// </summary>
public sealed record FitContext(
    int Seed,
    CancellationToken Cancellation = default,
    string? WorkDirectory = null,
    ComputeDevice Device = ComputeDevice.Cpu,
    int Threads = 1,
    Action<string>? Log = null)
{
    /// <summary>What a validation part carved out of the training rows keeps together: the experiment's grouping.</summary>
    public Grouping Grouping { get; init; } = Grouping.Track;

    /// <summary>
    /// A validation part chosen by the experiment's split (e.g. the predefined valid list), for early
    /// stopping; when null, families that need one carve it out of the training part with <see cref="Grouping"/>.
    /// </summary>
    public FeatureTable? Validation { get; init; }

    public void Report(string message) => Log?.Invoke(message);
}
