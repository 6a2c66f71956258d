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
    public void Report(string message) => Log?.Invoke(message);
}
