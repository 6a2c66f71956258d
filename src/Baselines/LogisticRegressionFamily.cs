using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines;

/// <summary>
/// Multinomial logistic regression: ML.NET's L-BFGS maximum-entropy trainer on standardised features.
/// YAML family name <c>logistic-regression</c>.
/// </summary>
public sealed class LogisticRegressionFamily : IModelFamily
{
    public string Name => "logistic-regression";

    public IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("l2", ParameterKind.Number, 1.0, "L2 regularisation weight (larger = simpler model)"),
        new("l1", ParameterKind.Number, 0.0, "L1 regularisation weight"),
        new("iterations", ParameterKind.Integer, 100, "maximum number of L-BFGS iterations"),
    ];

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        context.Cancellation.ThrowIfCancellationRequested();
        return FitWithTransformer(training, parameters, context.Seed).Model;
    }

    /// <summary>ML.NET's own probabilities for raw rows, through the trained transformer; used by parity tests.</summary>
    public static float[][] PredictWithMlNet(MulticlassPredictionTransformer<MaximumEntropyModelParameters> transformer,
        MLContext context, Standardizer standardizer, IReadOnlyList<float[]> rows, int classCount)
    {
        var data = MlNetRows.ToDataView(context, rows.Select(standardizer.Transform).ToArray(), new int[rows.Count], classCount);
        return context.Data.CreateEnumerable<ScoreRow>(transformer.Transform(data), reuseRowObject: false)
            .Select(r => r.Score).ToArray();
    }

    /// <summary>Fits and also returns the ML.NET transformer, so tests can compare ML.NET with the export.</summary>
    public (LogisticRegressionModel Model, MulticlassPredictionTransformer<MaximumEntropyModelParameters> Transformer, MLContext Context)
        FitWithTransformer(FeatureTable training, HyperParameters parameters, int seed)
    {
        var standardizer = Standardizer.Fit(training.Rows);
        var context = new MLContext(seed);
        var data = MlNetRows.ToDataView(context, training.Rows.Select(standardizer.Transform).ToArray(), training.ClassIndex, training.ClassNames.Count);
        var trainer = context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = (float)parameters.GetDouble("l2", 1.0),
            L1Regularization = (float)parameters.GetDouble("l1", 0.0),
            MaximumNumberOfIterations = parameters.GetInt("iterations", 100),
            NumberOfThreads = 1,
        });
        var transformer = trainer.Fit(data);
        var model = LogisticRegressionModel.From(transformer.Model, standardizer, training.ClassNames.Count, training.Rows[0].Length);
        return (model, transformer, context);
    }

    private sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }
}
