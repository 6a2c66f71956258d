using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 003's AlexNet-style net scaled to MFCC inputs (ours): conv 64-128-192-192-128, kernels 5,3,3,3,3, pools 2,2,1,1,2, dense 512</summary>
public sealed class AlexNetMfcc : Architecture<ConvOptions>
{
    public override string Name => "alexnet-mfcc";
    public override string Description => "seed 003's AlexNet-style net scaled to MFCC inputs (ours): conv 64-128-192-192-128, kernels 5,3,3,3,3, pools 2,2,1,1,2, dense 512";
    public override ConvOptions Defaults => new() { Channels = [64, 128, 192, 192, 128], Kernels = [5, 3, 3, 3, 3], Pools = [2, 2, 1, 1, 2], BatchNorm = true, Dense = 512, Dropout = 0.5 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, ConvOptions o) => ConvNetwork.Create(Matrix(shape), classes, o);
}
