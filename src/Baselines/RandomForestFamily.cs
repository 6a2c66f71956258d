using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MlNetGenre.Baselines.Trees;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines;

/// <summary>
/// Random forest: ML.NET FastForest, one binary forest per class on standardised features; a class's
/// probability is its share of the per-class votes. YAML family name <c>random-forest</c>.
/// </summary>
public sealed class RandomForestFamily : IModelFamily
{
    public string Name => "random-forest";

    public IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("trees", ParameterKind.Integer, 100, "number of trees per class"),
        new("leaves", ParameterKind.Integer, 20, "maximum leaves per tree"),
        new("min_examples_per_leaf", ParameterKind.Integer, 2, "minimum training examples in a leaf"),
        new("feature_fraction", ParameterKind.Number, 0.7, "fraction of features tried at each split"),
    ];

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        var standardizer = Standardizer.Fit(training.Rows);
        var rows = training.Rows.Select(standardizer.Transform).ToArray();
        var ensemble = new TreeEnsemble(training.ClassNames.Count);
        // FastForest's raw score sums the trees' +-1 votes; divided by the tree count it is a mean vote in [-1, 1].
        PerClassTreeTrainer.Train(training, rows, context.Seed, null, ml => Trainer(ml, parameters, null), ensemble, 0, context.Cancellation,
            scale: 1.0 / parameters.GetInt("trees", 100));
        return new TreeClassifierModel(standardizer, ensemble, ScoreMapping.VoteShare,
            $"Random forest (ML.NET FastForest, one binary forest per class; {parameters}) on standardised features.");
    }

    /// <summary>The FastForest binary trainer with these parameters (also AdaBoost's base learner).</summary>
    internal static IEstimator<ITransformer> Trainer(MLContext ml, HyperParameters p, string? weightColumn) =>
        ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            NumberOfTrees = p.GetInt("trees", 100),
            NumberOfLeaves = p.GetInt("leaves", 20),
            MinimumExampleCountPerLeaf = p.GetInt("min_examples_per_leaf", 2),
            FeatureFraction = p.GetDouble("feature_fraction", 0.7),
            NumberOfThreads = 1,
            ExampleWeightColumnName = weightColumn,
        });
}
