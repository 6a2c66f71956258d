namespace MlNetGenre.Experiments.Running;

/// <summary>One scored test item: true and predicted class indices and the class probabilities from ONNX Runtime.</summary>
public sealed record Prediction(string ItemId, string Group, int Truth, int Predicted, float[] Probabilities);
