using System.Globalization;
using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Baselines;

/// <summary>
/// Random forest, as scikit-learn's RandomForestClassifier: one multiclass forest of CART trees, each grown on a
/// bootstrap sample with a random subset of features tried at every split, to purity unless limited; the
/// probability of a class is the mean over trees of the leaf's class distribution. Trees are independent of the
/// thread count (each has its own seed), and the first m trees of a forest are the forest of m trees, so a grid
/// over <c>trees</c> fits once. Exported as one TreeEnsembleClassifier. YAML family name <c>random-forest</c>.
/// </summary>
public sealed class RandomForestFamily : ModelFamily<RandomForestFamily.Options>, IStagedFamily
{
    public sealed record Options
    {
        [Option("number of trees", Min = 1, Max = 100_000)] public int Trees { get; init; } = 100;
        [Option("split quality: gini or entropy")] public SplitCriterion Criterion { get; init; } = SplitCriterion.Gini;
        [Option("maximum tree depth (none = grow until leaves are pure)", Min = 1, Max = 10_000)] public int? MaxDepth { get; init; }
        [Option("fewest samples a node needs to be split", Min = 2)] public int MinSamplesSplit { get; init; } = 2;
        [Option("fewest samples in a leaf", Min = 1)] public int MinSamplesLeaf { get; init; } = 1;
        [Option("features tried per split: sqrt, log2, all, a count, or a fraction in (0, 1)")] public string MaxFeatures { get; init; } = "sqrt";
        [Option("grow each tree on a bootstrap sample (false = on all rows)")] public bool Bootstrap { get; init; } = true;
    }

    public override string Name => "random-forest";
    public override string Description => "random forest of CART trees (scikit-learn's RandomForestClassifier), one multiclass forest";
    public string StageOption => "trees";

    protected override string? Problem(Options o) => FeatureCount(o.MaxFeatures, 100) is null
        ? $"max_features '{o.MaxFeatures}' is not sqrt, log2, all, a whole number or a fraction between 0 and 1"
        : null;

    /// <summary>How many features to try per split out of <paramref name="features"/>, or null when the text is not valid.</summary>
    internal static int? FeatureCount(string text, int features)
    {
        switch (text)
        {
            case "sqrt": return Math.Max(1, (int)Math.Sqrt(features));
            case "log2": return Math.Max(1, (int)Math.Log2(features));
            case "all" or "none": return features;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1) return Math.Min(count, features);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) && fraction is > 0 and <= 1)
            return Math.Max(1, (int)(fraction * features));
        return null;
    }

    protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
    {
        var data = ColumnData.From(training);
        var growth = new TreeGrowth(o.Criterion, o.MaxDepth, o.MinSamplesSplit, o.MinSamplesLeaf, FeatureCount(o.MaxFeatures, data.Features)!.Value);
        var trees = TrainForest(data, growth, o.Trees, o.Bootstrap, context.Seed, null, context);
        return new RandomForestModel(trees, data.Classes, data.Features, $"random forest: {OptionBinder.Format(o)}");
    }

    /// <summary>
    /// Grows <paramref name="count"/> trees in parallel (up to the context's threads). Tree t draws its bootstrap and
    /// features from its own seed, so the forest does not depend on the thread count.
    /// </summary>
    /// <param name="sampleWeights">Per-sample weights (AdaBoost); null = 1 each.</param>
    internal static DecisionTree[] TrainForest(ColumnData data, TreeGrowth growth, int count, bool bootstrap, int seed, double[]? sampleWeights, FitContext context)
    {
        var trees = new DecisionTree[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.Threads), CancellationToken = context.Cancellation };
        Parallel.For(0, count, options, () => new ClassificationTreeTrainer(data, growth), (t, _, trainer) =>
        {
            var random = new Random(unchecked(seed * 7_919 + t * 104_729 + 17));
            var weights = new double[data.Samples];
            if (bootstrap)
                for (int draw = 0; draw < data.Samples; draw++) weights[random.Next(data.Samples)] += 1;
            else
                Array.Fill(weights, 1.0);
            if (sampleWeights is not null)
                for (int i = 0; i < weights.Length; i++) weights[i] *= sampleWeights[i];
            trees[t] = trainer.Train(weights, random);
            return trainer;
        }, _ => { });
        return trees;
    }
}
