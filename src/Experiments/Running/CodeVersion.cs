namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Part of every trial key and feature-cache key: bump it when a change alters results (features,
/// trainers, export), so reruns recompute instead of reusing stale trials.
/// </summary>
public static class CodeVersion
{
    public const string Value = "0.3.0"; // 0.3.0: float32 STFT, tempogram exact through silence
}
