namespace MlNetGenre.Experiments.Prediction;

/// <summary>
/// A whole file's result: per-clip probabilities, the track's probabilities (mean over clips), and, for models
/// with a per-time-step output (SongNet), the probabilities of every step inside the clips.
/// </summary>
public sealed record TrackPrediction(string File, IReadOnlyList<string> Labels, IReadOnlyList<ClipPrediction> Clips, float[] Probabilities)
{
    /// <summary>Per-step probabilities (SongNet); empty for models that score whole clips only.</summary>
    public IReadOnlyList<ClipPrediction> Steps { get; init; } = [];

    /// <summary>The finest timeline available: the steps when the model has them, else the clips.</summary>
    public IReadOnlyList<ClipPrediction> Timeline => Steps.Count > 0 ? Steps : Clips;

    public string TopLabel => Labels[Array.IndexOf(Probabilities, Probabilities.Max())];
}
