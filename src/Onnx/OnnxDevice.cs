namespace MlNetGenre.Onnx;

/// <summary>Where ONNX Runtime runs a model: CUDA when available and asked for, else CPU.</summary>
public enum OnnxDevice
{
    Auto,
    Cpu,
    Cuda,
}
