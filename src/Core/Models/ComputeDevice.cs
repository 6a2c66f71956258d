namespace MlNetGenre.Core.Models;

/// <summary>Where deep models train and ONNX Runtime scores (<c>scoring.device</c>, <c>--device</c>).</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when it is available, else the CPU.</summary>
    Auto,
    Cpu,
    Cuda,
}
