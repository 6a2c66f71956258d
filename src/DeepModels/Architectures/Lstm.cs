using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>seed 001: 2 x LSTM 64 over time, the last step, dense 64.</summary>
public sealed class Lstm : Architecture<RecurrentOptions>
{
    public override string Name => "lstm";
    public override string Description => "seed 001: 2 x LSTM 64 over time, the last step, dense 64";
    public override RecurrentOptions Defaults => new() { Hidden = 64, Pooling = TimePooling.Last };

    protected override Network Build(IReadOnlyList<int> shape, int classes, RecurrentOptions o) =>
        new RecurrentNetwork(lstm: true, Matrix(shape)[0], o.Hidden, o.Layers, o.Bidirectional, o.Dense, o.Dropout, classes, o.Pooling);
}
