using MlNetGenre.Baselines;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments;

/// <summary>The registry of model families by YAML name. Adding a model = one class + one line here.</summary>
public static class ModelFamilies
{
    public static IReadOnlyDictionary<string, IModelFamily> All { get; } =
        new IModelFamily[]
        {
            new LogisticRegressionFamily(),
        }.ToDictionary(f => f.Name);
}
