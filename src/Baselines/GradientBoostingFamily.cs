using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Baselines;

/// <summary>
/// Multinomial gradient boosting, as scikit-learn's GradientBoostingClassifier and HistGradientBoostingClassifier:
/// raw scores start at the log class priors; every round grows one regression tree per class on the gradient
/// p - y and hessian p(1 - p) of the softmax cross-entropy (histogram splits, at most 256 bins per feature), and the
/// probabilities are the softmax of the summed scores. The defaults are GradientBoostingClassifier's (depth-3
/// trees, learning rate 0.1, 100 rounds); <c>max_depth: none, max_leaf_nodes: 31, min_samples_leaf: 20</c> gives
/// HistGradientBoostingClassifier's. A grid over <c>trees</c> fits once (staged). Exported as one
/// TreeEnsembleClassifier with softmax. YAML family name <c>gradient-boosting</c>.
/// </summary>
public sealed class GradientBoostingFamily : ModelFamily<GradientBoostingFamily.Options>, IStagedFamily
{
    public sealed record Options
    {
        [Option("boosting rounds (each grows one tree per class)", Min = 1, Max = 100_000)] public int Trees { get; init; } = 100;
        [Option("shrinkage of every tree's values", Min = 1e-6, Max = 100)] public double LearningRate { get; init; } = 0.1;
        [Option("maximum tree depth (none = limited by max_leaf_nodes only)", Min = 1, Max = 64)] public int? MaxDepth { get; init; } = 3;
        [Option("maximum leaves per tree (none = limited by max_depth only)", Min = 2, Max = 65_536)] public int? MaxLeafNodes { get; init; }
        [Option("fewest samples in a leaf", Min = 1)] public int MinSamplesLeaf { get; init; } = 1;
        [Option("L2 penalty on leaf values", Min = 0)] public double L2Regularization { get; init; }
        [Option("histogram bins per feature", Min = 2, Max = 256)] public int MaxBins { get; init; } = 255;
    }

    public override string Name => "gradient-boosting";
    public override string Description => "multinomial gradient-boosted trees (scikit-learn's GradientBoostingClassifier; histogram splits)";
    public string StageOption => "trees";

    protected override string? Problem(Options o) => o.MaxDepth is null && o.MaxLeafNodes is null
        ? "set max_depth or max_leaf_nodes (or both): with neither, trees grow without limit"
        : null;

    protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
    {
        var data = ColumnData.From(training);
        int n = data.Samples, k = data.Classes;
        var bins = FeatureBins.Fit(data, o.MaxBins);
        var growth = new GradientTreeTrainer.Growth(o.MaxDepth, o.MaxLeafNodes, o.MinSamplesLeaf, o.L2Regularization);

        // Start from the log class priors (scikit-learn's baseline); classes absent from training stay at a very low score.
        var prior = new double[k];
        foreach (int label in data.Labels) prior[label]++;
        double[] initial = prior.Select(c => c > 0 ? Math.Log(c / n) : -30.0).ToArray();
        var raw = new double[k][];
        for (int c = 0; c < k; c++) raw[c] = Enumerable.Repeat(initial[c], n).ToArray();

        var rounds = new DecisionTree[o.Trees][];
        var trainers = new GradientTreeTrainer[k];
        var threads = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(context.Threads, k)), CancellationToken = context.Cancellation };
        var probabilities = new double[k][];
        for (int c = 0; c < k; c++) probabilities[c] = new double[n];
        for (int round = 0; round < o.Trees; round++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            Softmax(raw, probabilities, n);
            var trees = new DecisionTree[k];
            Parallel.For(0, k, threads, c =>
            {
                var g = new double[n];
                var h = new double[n];
                for (int i = 0; i < n; i++)
                {
                    double p = probabilities[c][i];
                    g[i] = p - (data.Labels[i] == c ? 1 : 0);
                    h[i] = Math.Max(p * (1 - p), 1e-16);
                }
                var rowLeaf = new int[n];
                var trainer = trainers[c] ??= new GradientTreeTrainer(bins, n);
                var tree = trainer.Train(g, h, growth, o.LearningRate, rowLeaf);
                for (int i = 0; i < n; i++) raw[c][i] += tree.Values[tree.ValueOffset[rowLeaf[i]]];
                trees[c] = tree;
            });
            rounds[round] = trees;
        }
        return new GradientBoostingModel(rounds, initial, data.Features, $"gradient boosting: {OptionBinder.Format(o)}");
    }

    private static void Softmax(double[][] raw, double[][] probabilities, int n)
    {
        int k = raw.Length;
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++) max = Math.Max(max, raw[c][i]);
            double sum = 0;
            for (int c = 0; c < k; c++) sum += probabilities[c][i] = Math.Exp(raw[c][i] - max);
            for (int c = 0; c < k; c++) probabilities[c][i] /= sum;
        }
    }
}
