using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 000: the attention-BGRU vector concatenated with a CNN's dense 512 features -> dense 80.</summary>
public sealed class ParallelCrnn : Architecture<AttentionOptions>
{
    public override string Name => "parallel-crnn";
    public override string Description => "seed 000: the attention-BGRU vector concatenated with a CNN's dense 512 features -> dense 80";
    public override AttentionOptions Defaults => new() { Dense = 80 };

    protected override Network Build(IReadOnlyList<int> shape, int classes, AttentionOptions o)
    {
        int[] m = Matrix(shape);
        return new AttentionNetwork(m[0], m[1], o.Channels, o.Hidden, parallelDense: 512, o.Dense, o.Dropout, classes);
    }
}
