namespace MlNetGenre.Onnx.Models;

/// <summary>The value kind of a hyper-parameter, used to validate YAML before anything trains.</summary>
public enum ParameterKind
{
    Integer,
    Number,
    Text,
    Boolean,
}
