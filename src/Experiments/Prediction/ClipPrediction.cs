namespace MlNetGenre.Experiments.Prediction;

/// <summary>Class probabilities of the window starting at <see cref="StartSeconds"/>.</summary>
public sealed record ClipPrediction(double StartSeconds, double EndSeconds, float[] Probabilities);
