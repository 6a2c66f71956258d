using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 001: 4 x [conv k=3,3,2,1 'same', ReLU/SELU, max-pool 2,2,2,1, batch norm], 64-32-32-16, dense 64</summary>
public sealed class SmallCnn : Architecture<ConvOptions>
{
    public override string Name => "cnn-small";
    public override string Description => "seed 001: 4 x [conv k=3,3,2,1 'same', ReLU/SELU, max-pool 2,2,2,1, batch norm], 64-32-32-16, dense 64";
    public override ConvOptions Defaults => new() { Channels = [64, 32, 32, 16], Kernels = [3, 3, 2, 1], Pools = [2, 2, 2, 1], BatchNorm = true, BlockOrder = BlockOrder.ConvActPoolNorm, Dropout = 0.3 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, ConvOptions o) => ConvNetwork.Create(Matrix(shape), classes, o);
}
