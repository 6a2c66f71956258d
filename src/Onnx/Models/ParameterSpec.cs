namespace MlNetGenre.Onnx.Models;

/// <summary>A hyper-parameter a model family accepts: its name, value kind, default and meaning.</summary>
public sealed record ParameterSpec(string Name, ParameterKind Kind, object Default, string Description);
