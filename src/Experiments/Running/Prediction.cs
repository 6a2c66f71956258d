namespace MlNetGenre.Experiments.Running;

/// <summary>One scored test item (a clip or a whole track): its true class index and the ONNX Runtime probabilities.</summary>
public sealed record Prediction(string Item, string Track, int Truth, float[] Probabilities)
{
    public int Predicted => Evaluation.Evaluation.ArgMax(Probabilities);
}
