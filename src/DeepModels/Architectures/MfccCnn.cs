using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 003's simple CNN on 13 MFCC x frames: conv 32 k2, pool 2, conv 64 k2, pool 2, dense 1024, dropout</summary>
public sealed class MfccCnn : Architecture<ConvOptions>
{
    public override string Name => "mfcc-cnn";
    public override string Description => "seed 003's simple CNN on 13 MFCC x frames: conv 32 k2, pool 2, conv 64 k2, pool 2, dense 1024, dropout";
    public override ConvOptions Defaults => new() { Channels = [32, 64], Kernels = [2], Pools = [2], Dense = 1024, Dropout = 0.5 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, ConvOptions o) => ConvNetwork.Create(Matrix(shape), classes, o);
}
