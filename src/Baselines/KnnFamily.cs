using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines;

/// <summary>
/// k nearest neighbours (ML.NET has none): brute force, Euclidean distance on standardised features,
/// uniform or inverse-distance votes as scikit-learn's KNeighborsClassifier. YAML family name <c>knn</c>.
/// </summary>
public sealed class KnnFamily : IModelFamily
{
    public string Name => "knn";

    public IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("k", ParameterKind.Integer, 5, "number of neighbours"),
        new("weights", ParameterKind.Text, "uniform", "uniform or distance (1/d; exact matches take all the weight)"),
    ];

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        int k = parameters.GetInt("k", 5);
        string weights = parameters.GetString("weights", "uniform");
        if (k < 1) throw new ArgumentException("knn: k must be at least 1");
        if (weights is not ("uniform" or "distance")) throw new ArgumentException($"knn: weights '{weights}' is unknown; use uniform or distance");
        var standardizer = Standardizer.Fit(training.Rows);
        return new KnnModel(standardizer, training.Rows.Select(standardizer.Transform).ToArray(), training.ClassIndex.ToArray(),
            training.ClassNames.Count, Math.Min(k, training.Count), weights == "distance");
    }
}
