using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 002: 5 x [conv 3x3, batch norm, ReLU, max-pool 2], 32-32-64-64-128, dropout 0.5 (train with sgd + step)</summary>
public sealed class BatchNormCnn : Architecture<ConvOptions>
{
    public override string Name => "cnn-bn";
    public override string Description => "seed 002: 5 x [conv 3x3, batch norm, ReLU, max-pool 2], 32-32-64-64-128, dropout 0.5 (train with sgd + step)";
    public override ConvOptions Defaults => new() { Channels = [32, 32, 64, 64, 128], Kernels = [3], Pools = [2], BatchNorm = true, Dropout = 0.5 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, ConvOptions o) => ConvNetwork.Create(Matrix(shape), classes, o);
}
