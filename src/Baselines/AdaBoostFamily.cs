using MlNetGenre.Baselines.Trees;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines;

/// <summary>
/// AdaBoost-SAMME (multi-class AdaBoost, as scikit-learn's AdaBoostClassifier) over random forests
/// trained with example weights, seed 001's best model. YAML family name <c>adaboost</c>.
/// </summary>
public sealed class AdaBoostFamily : IModelFamily
{
    public string Name => "adaboost";

    public IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("estimators", ParameterKind.Integer, 10, "maximum number of boosted forests"),
        new("learning_rate", ParameterKind.Number, 1.0, "shrinks each forest's weight"),
        new("trees", ParameterKind.Integer, 20, "trees per class in each forest"),
        new("leaves", ParameterKind.Integer, 8, "maximum leaves per tree"),
        new("min_examples_per_leaf", ParameterKind.Integer, 2, "minimum training examples in a leaf"),
        new("feature_fraction", ParameterKind.Number, 0.7, "fraction of features tried at each split"),
    ];

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        int classes = training.ClassNames.Count, estimators = parameters.GetInt("estimators", 10), trees = parameters.GetInt("trees", 20);
        double learningRate = parameters.GetDouble("learning_rate", 1.0);
        if (estimators < 1 || learningRate <= 0) throw new ArgumentException("adaboost: estimators must be >= 1 and learning_rate > 0");
        var standardizer = Standardizer.Fit(training.Rows);
        var rows = training.Rows.Select(standardizer.Transform).ToArray();
        var ensemble = new TreeEnsemble(estimators * classes);
        var sampleWeights = Enumerable.Repeat(1.0 / rows.Length, rows.Length).ToArray();
        var alphas = new List<double>();
        for (int m = 0; m < estimators; m++)
        {
            // ML.NET wants weights of a sensible scale; only their ratios matter.
            var scaled = sampleWeights.Select(w => w * rows.Length).ToArray();
            PerClassTreeTrainer.Train(training, rows, context.Seed + 1000 * m, scaled,
                ml => RandomForestFamily.Trainer(ml, parameters, "Weight"), ensemble, m * classes, context.Cancellation, scale: 1.0 / trees);
            int[] predicted = rows.Select(r => AdaBoostModel.MemberVote(ensemble.Evaluate(r), m, classes)).ToArray();
            double error = Enumerable.Range(0, rows.Length).Where(i => predicted[i] != training.ClassIndex[i]).Sum(i => sampleWeights[i]) / sampleWeights.Sum();
            if (error <= 0)
            {
                alphas.Add(1.0); // a perfect member: scikit-learn keeps it with weight 1 and stops
                break;
            }
            if (error >= 1 - 1.0 / classes)
            {
                if (m == 0) throw new InvalidOperationException("adaboost: the first forest is no better than chance; check the features");
                break; // the member is dropped: its targets keep zero weight in the model
            }
            double alpha = learningRate * (Math.Log((1 - error) / error) + Math.Log(classes - 1));
            alphas.Add(alpha);
            for (int i = 0; i < rows.Length; i++)
                if (predicted[i] != training.ClassIndex[i]) sampleWeights[i] *= Math.Exp(alpha);
            double total = sampleWeights.Sum();
            for (int i = 0; i < rows.Length; i++) sampleWeights[i] /= total;
            context.Report($"adaboost member {m + 1}: weighted error {error:F3}, weight {alpha:F3}");
        }
        return new AdaBoostModel(standardizer, ensemble, alphas.ToArray(), classes,
            $"AdaBoost-SAMME over {alphas.Count} random forests ({parameters}) on standardised features.");
    }
}
