using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Trains one binary ML.NET tree model per class (one-vs-rest) on standardised rows and collects every
/// tree into a <see cref="TreeEnsemble"/> with a target per class. ML.NET's multi-class wrappers hide
/// their sub-models, so this is how the trees stay reachable for export.
/// </summary>
internal static class PerClassTreeTrainer
{
    /// <param name="scale">Multiplies every tree's output (1 / trees turns a forest's vote sum into a mean vote).</param>
    public static void Train(FeatureTable training, float[][] standardized, int seed, IReadOnlyList<double>? weights,
        Func<MLContext, IEstimator<ITransformer>> trainer, TreeEnsemble into, int targetOffset, CancellationToken cancellation, double scale = 1)
    {
        for (int c = 0; c < training.ClassNames.Count; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            var context = new MLContext(seed + c);
            var data = BinaryRows.ToDataView(context, standardized, training.ClassIndex, c, weights);
            var transformer = (IPredictionTransformer<object>)trainer(context).Fit(data);
            AddTrees(transformer.Model, into, targetOffset + c, scale);
        }
    }

    /// <summary>Adds the trees of a (possibly calibrated) ML.NET tree model; the calibrator is not used, only raw scores.</summary>
    private static void AddTrees(object model, TreeEnsemble into, int target, double scale)
    {
        object inner = model.GetType().GetProperties().FirstOrDefault(p => p.Name == "SubModel" && p.PropertyType != typeof(object))?.GetValue(model) ?? model;
        switch (inner)
        {
            case TreeEnsembleModelParametersBasedOnRegressionTree regression:
                into.Add(regression.TrainedTreeEnsemble, target, scale);
                break;
            case TreeEnsembleModelParametersBasedOnQuantileRegressionTree quantile:
                into.Add(quantile.TrainedTreeEnsemble, target, scale);
                break;
            default:
                throw new NotSupportedException($"{inner.GetType().Name} is not a tree ensemble that can be exported");
        }
    }
}
