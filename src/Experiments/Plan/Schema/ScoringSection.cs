using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of <c>scoring:</c>.</summary>
public sealed record ScoringSection
{
    [Option("where ONNX Runtime scores and deep models train: auto (CUDA when present), cpu or cuda")] public ComputeDevice Device { get; init; } = ComputeDevice.Cpu;
}
