using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 004: 3 x [conv1d over time, ReLU, max-pool 2, dropout], time-distributed dense + softmax per step, mean over time.</summary>
public sealed class SongNet : Architecture<SongNetOptions>
{
    public override string Name => "songnet";
    public override string Description => "seed 004: 3 x [conv1d over time, ReLU, max-pool 2, dropout], time-distributed dense + softmax per step, mean over time";
    public override SongNetOptions Defaults => new();

    protected override Network Build(IReadOnlyList<int> shape, int classes, SongNetOptions o)
    {
        int[] m = Matrix(shape);
        return new SongNetwork(m[0], m[1], o.Channels, o.Kernel, o.Dropout, classes);
    }
}
