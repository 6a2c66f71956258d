using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Baselines;

/// <summary>
/// k nearest neighbours, as scikit-learn's KNeighborsClassifier (brute force): Euclidean distance on standardised
/// features, uniform or inverse-distance votes (exact matches take all the weight). YAML family name <c>knn</c>.
/// </summary>
public sealed class KnnFamily : ModelFamily<KnnFamily.Options>
{
    public sealed record Options
    {
        [Option("number of neighbours", Min = 1, Max = 100_000)] public int K { get; init; } = 5;
        [Option("vote weights: uniform, or distance (1/d)")] public Weighting Weights { get; init; } = Weighting.Uniform;
    }

    public enum Weighting
    {
        Uniform,
        Distance,
    }

    public override string Name => "knn";
    public override string Description => "k nearest neighbours on standardised features (scikit-learn's KNeighborsClassifier)";

    protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
    {
        var standardizer = Standardizer.Fit(training.Rows);
        int k = Math.Min(o.K, training.Count);
        return new KnnModel(standardizer, training.Rows.Select(standardizer.Transform).ToArray(), training.ClassIndex.ToArray(),
            training.ClassNames.Count, k, o.Weights == Weighting.Distance,
            $"k nearest neighbours (k={k}, {OptionValues.EnumName(o.Weights)} weights, Euclidean) on standardised features");
    }
}
