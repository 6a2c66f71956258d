using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>Options of SongNet (seed 004).</summary>
public sealed record SongNetOptions : TrainingOptions
{
    [Option("filters per conv1d block", Min = 1, Max = 4096)] public IReadOnlyList<int> Channels { get; init; } = [128, 128, 128];
    [Option("conv1d kernel (frames)", Min = 1, Max = 64)] public int Kernel { get; init; } = 3;
    [Option("dropout after each block", Min = 0, Max = 0.99)] public double Dropout { get; init; } = 0.2;
}
