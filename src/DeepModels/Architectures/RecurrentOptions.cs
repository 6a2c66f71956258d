using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>Options of the recurrent nets (lstm, bgru).</summary>
public sealed record RecurrentOptions : TrainingOptions
{
    [Option("units per direction", Min = 1, Max = 8192)] public int Hidden { get; init; } = 64;
    [Option("stacked recurrent layers", Min = 1, Max = 16)] public int Layers { get; init; } = 2;
    [Option("run each layer both ways")] public bool Bidirectional { get; init; }
    [Option("how the steps become one vector: mean (over time) or last (each direction's final state)")] public TimePooling Pooling { get; init; } = TimePooling.Mean;
    [Option("units of the dense layer", Min = 1, Max = 65_536)] public int Dense { get; init; } = 64;
    [Option("dropout before the output", Min = 0, Max = 0.99)] public double Dropout { get; init; } = 0.3;
}
