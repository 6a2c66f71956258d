using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlNetGenre.Baselines.Trees;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines;

/// <summary>
/// Gradient-boosted trees, one binary booster per class (ML.NET FastTree or LightGBM, <c>engine</c>), on
/// standardised features; probabilities are the softmax of the per-class raw scores. YAML family name
/// <c>gradient-boosting</c>.
/// </summary>
public sealed class GradientBoostingFamily : IModelFamily
{
    public string Name => "gradient-boosting";

    public IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("engine", ParameterKind.Text, "fasttree", "fasttree or lightgbm"),
        new("trees", ParameterKind.Integer, 100, "boosting iterations per class"),
        new("learning_rate", ParameterKind.Number, 0.1, "shrinkage"),
        new("leaves", ParameterKind.Integer, 20, "maximum leaves per tree"),
        new("min_examples_per_leaf", ParameterKind.Integer, 5, "minimum training examples in a leaf"),
    ];

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        string engine = parameters.GetString("engine", "fasttree");
        if (engine is not ("fasttree" or "lightgbm"))
            throw new ArgumentException($"gradient-boosting engine '{engine}' is unknown; use fasttree or lightgbm");
        var standardizer = Standardizer.Fit(training.Rows);
        var rows = training.Rows.Select(standardizer.Transform).ToArray();
        var ensemble = new TreeEnsemble(training.ClassNames.Count);
        PerClassTreeTrainer.Train(training, rows, context.Seed, null, ml => Trainer(ml, engine, parameters), ensemble, 0, context.Cancellation);
        return new TreeClassifierModel(standardizer, ensemble, ScoreMapping.Softmax,
            $"Gradient boosting ({engine}, one binary booster per class, softmax of raw scores; {parameters}) on standardised features.");
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, string engine, HyperParameters p) => engine == "lightgbm"
        ? ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = p.GetInt("trees", 100),
            LearningRate = p.GetDouble("learning_rate", 0.1),
            NumberOfLeaves = p.GetInt("leaves", 20),
            MinimumExampleCountPerLeaf = p.GetInt("min_examples_per_leaf", 5),
            NumberOfThreads = 1,
            Seed = 1,
        })
        : ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = p.GetInt("trees", 100),
            LearningRate = p.GetDouble("learning_rate", 0.1),
            NumberOfLeaves = p.GetInt("leaves", 20),
            MinimumExampleCountPerLeaf = p.GetInt("min_examples_per_leaf", 5),
            NumberOfThreads = 1,
        });
}
