using MlNetGenre.Core.Models;
using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>Dense layers on a feature vector (seed 001's ANN: 512, 512, 512, 128); a 2-D input is flattened.</summary>
public sealed class Mlp : Architecture<MlpOptions>
{
    public override string Name => "mlp";
    public override string Description => "dense layers on a feature vector (seed 001's ANN)";
    public override ModelInput Accepts => ModelInput.Any;
    public override MlpOptions Defaults => new();

    protected override Network Build(IReadOnlyList<int> shape, int classes, MlpOptions o) =>
        new MlpNetwork(shape.Aggregate(1, (a, b) => a * b), o.Hidden, classes, o.Activation == Activation.Selu ? "selu" : "relu", o.Dropout);
}
