using MlNetGenre.Baselines;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments;

/// <summary>The registry of model families by YAML name. Adding a model = one class + one line here.</summary>
public static class ModelFamilies
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IModelFamily> Families = new(
        new IModelFamily[]
        {
            new LogisticRegressionFamily(),
            new KnnFamily(),
            new RandomForestFamily(),
            new GradientBoostingFamily(),
            new AdaBoostFamily(),
        }.Concat(DeepModels.DeepFamily.All).ToDictionary(f => f.Name));

    public static IReadOnlyDictionary<string, IModelFamily> All => Families;

    /// <summary>Adds a family (an extension, or a test double) under its YAML name.</summary>
    public static void Register(IModelFamily family) => Families[family.Name] = family;
}
