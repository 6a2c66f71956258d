using MlNetGenre.Baselines;
using MlNetGenre.Core.Components;
using MlNetGenre.Core.Models;
using MlNetGenre.DeepModels;

namespace MlNetGenre.Experiments;

/// <summary>
/// Every model family by YAML name: the baseline families (found by reflection in MlNetGenre.Baselines), one family
/// per deep architecture (found in MlNetGenre.DeepModels), and extensions added with <c>Registry.Register</c>.
/// </summary>
public static class ModelFamilies
{
    public static ComponentRegistry<IModelFamily> Registry { get; } = new("model family",
        () => ComponentRegistry<IModelFamily>.Discover(typeof(KnnFamily).Assembly).Concat(DeepFamily.All));
}
