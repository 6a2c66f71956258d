using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>Options of seed 000's attention models (bgru-attention, parallel-crnn).</summary>
public sealed record AttentionOptions : TrainingOptions
{
    [Option("filters of each CNN branch's 3x3 conv blocks", Min = 1, Max = 4096)] public IReadOnlyList<int> Channels { get; init; } = [32, 32, 64, 128, 64];
    [Option("GRU units per direction", Min = 1, Max = 8192)] public int Hidden { get; init; } = 256;
    [Option("units of the head's dense layer", Min = 1, Max = 65_536)] public int Dense { get; init; } = 64;
    [Option("dropout before the output", Min = 0, Max = 0.99)] public double Dropout { get; init; } = 0.3;
}
