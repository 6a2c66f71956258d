using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>Options of the 2-D CNNs (cnn, cnn-bn, cnn-small, mfcc-cnn, alexnet-mfcc); each architecture sets its own defaults.</summary>
public sealed record ConvOptions : TrainingOptions
{
    [Option("filters per conv block", Min = 1, Max = 4096)] public IReadOnlyList<int> Channels { get; init; } = [32, 32, 64, 128, 64];
    [Option("kernel size per block (one value = every block)", Min = 1, Max = 64)] public IReadOnlyList<int> Kernels { get; init; } = [3];
    [Option("max-pool size per block, 1 = none (one value = every block)", Min = 1, Max = 64)] public IReadOnlyList<int> Pools { get; init; } = [2];
    [Option("batch norm in each block")] public bool BatchNorm { get; init; }
    [Option("layer order in a block: conv-bn-act-pool or conv-act-pool-bn (seed 001's Keras CNN)")] public BlockOrder BlockOrder { get; init; } = BlockOrder.ConvNormActPool;
    [Option("relu or selu")] public Activation Activation { get; init; } = Activation.Relu;
    [Option("units of the dense layer", Min = 1, Max = 65_536)] public int Dense { get; init; } = 64;
    [Option("dropout before the output", Min = 0, Max = 0.99)] public double Dropout { get; init; } = 0.3;
}
