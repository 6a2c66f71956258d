namespace MlNetGenre.Onnx.Prediction;

/// <summary>A whole file's result: per-clip probabilities and the track's probabilities (mean over clips).</summary>
public sealed record TrackPrediction(string File, IReadOnlyList<string> Labels, IReadOnlyList<ClipPrediction> Clips, float[] Probabilities)
{
    public string TopLabel => Labels[Array.IndexOf(Probabilities, Probabilities.Max())];
}
