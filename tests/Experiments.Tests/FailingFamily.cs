using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Tests;

/// <summary>A model family whose fit always throws, to check that one failing model does not stop a run.</summary>
internal sealed class FailingFamily : IModelFamily
{
    public const string FamilyName = "always-fails";

    public string Name => FamilyName;
    public IReadOnlyList<ParameterSpec> Parameters { get; } = [];

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context) =>
        throw new InvalidOperationException("this family always fails (test double)");
}
