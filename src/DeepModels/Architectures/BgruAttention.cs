using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 000: CNN -> dense (one unit per frame) -> softmax weights over time; weighted sum of a 2 x bidirectional GRU's outputs -> dense 64.</summary>
public sealed class BgruAttention : Architecture<AttentionOptions>
{
    public override string Name => "bgru-attention";
    public override string Description => "seed 000: CNN -> dense (one unit per frame) -> softmax weights over time; weighted sum of a 2 x bidirectional GRU's outputs -> dense 64";
    public override AttentionOptions Defaults => new() { Dense = 64 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, AttentionOptions o)
    {
        int[] m = Matrix(shape);
        return new AttentionNetwork(m[0], m[1], o.Channels, o.Hidden, parallelDense: 0, o.Dense, o.Dropout, classes);
    }
}
