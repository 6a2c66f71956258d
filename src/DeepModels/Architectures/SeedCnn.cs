using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 000: 5 x [conv 3x3, ReLU, max-pool 2], 32-32-64-128-64, dense 64, dropout 0.3</summary>
public sealed class SeedCnn : Architecture<ConvOptions>
{
    public override string Name => "cnn";
    public override string Description => "seed 000: 5 x [conv 3x3, ReLU, max-pool 2], 32-32-64-128-64, dense 64, dropout 0.3";
    public override ConvOptions Defaults => new() { Channels = [32, 32, 64, 128, 64], Kernels = [3], Pools = [2], Dropout = 0.3 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, ConvOptions o) => ConvNetwork.Create(Matrix(shape), classes, o);
}
