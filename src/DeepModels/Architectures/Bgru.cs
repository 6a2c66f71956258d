using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 000: 2 x bidirectional GRU 256 over time, mean, dense 64.</summary>
public sealed class Bgru : Architecture<RecurrentOptions>
{
    public override string Name => "bgru";
    public override string Description => "seed 000: 2 x bidirectional GRU 256 over time, mean, dense 64";
    public override RecurrentOptions Defaults => new() { Hidden = 256, Bidirectional = true };

    protected override Network Build(IReadOnlyList<int> shape, int classes, RecurrentOptions o) =>
        new RecurrentNetwork(lstm: false, Matrix(shape)[0], o.Hidden, o.Layers, o.Bidirectional, o.Dense, o.Dropout, classes, o.Pooling);
}
