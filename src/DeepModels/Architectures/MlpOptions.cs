using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>Options of the dense network on feature vectors (mlp).</summary>
public sealed record MlpOptions : TrainingOptions
{
    [Option("units per hidden layer", Min = 1, Max = 65_536)] public IReadOnlyList<int> Hidden { get; init; } = [512, 512, 512, 128];
    [Option("relu or selu")] public Activation Activation { get; init; } = Activation.Relu;
    [Option("dropout after each hidden layer", Min = 0, Max = 0.99)] public double Dropout { get; init; } = 0.2;
}
