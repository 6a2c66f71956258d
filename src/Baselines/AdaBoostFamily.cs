using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Baselines;

/// <summary>
/// AdaBoost-SAMME, as scikit-learn's AdaBoostClassifier(algorithm="SAMME"): each member is trained on the weighted
/// samples, votes for its top class, and gets weight lr x (log((1 - err)/err) + log(K - 1)); misclassified samples
/// gain weight. A member with no error ends the boosting with weight 1; one no better than chance is dropped and
/// ends it. Members are single CART trees (<c>base_trees: 1</c>, stumps by default, as scikit-learn) or random
/// forests (seed 001's "AdaBoost over random forests"). A grid over <c>estimators</c> fits once (staged).
/// YAML family name <c>adaboost</c>.
/// </summary>
public sealed class AdaBoostFamily : ModelFamily<AdaBoostFamily.Options>, IStagedFamily
{
    public sealed record Options
    {
        [Option("maximum number of boosted members", Min = 1, Max = 100_000)] public int Estimators { get; init; } = 50;
        [Option("shrinks each member's weight", Min = 1e-6, Max = 1000)] public double LearningRate { get; init; } = 1.0;
        [Option("trees per member: 1 = one decision tree on all features, more = a random forest", Min = 1, Max = 10_000)] public int BaseTrees { get; init; } = 1;
        [Option("maximum depth of the members' trees (none = to purity)", Min = 1, Max = 10_000)] public int? MaxDepth { get; init; } = 1;
        [Option("split quality of the members' trees: gini or entropy")] public SplitCriterion Criterion { get; init; } = SplitCriterion.Gini;
        [Option("fewest samples in a leaf of the members' trees", Min = 1)] public int MinSamplesLeaf { get; init; } = 1;
    }

    public override string Name => "adaboost";
    public override string Description => "AdaBoost-SAMME over decision trees or random forests (scikit-learn's AdaBoostClassifier)";
    public string StageOption => "estimators";

    protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
    {
        var data = ColumnData.From(training);
        int n = data.Samples, k = data.Classes;
        bool forest = o.BaseTrees > 1;
        int features = forest ? RandomForestFamily.FeatureCount("sqrt", data.Features)!.Value : data.Features;
        var growth = new TreeGrowth(o.Criterion, o.MaxDepth, 2, o.MinSamplesLeaf, features);
        var weights = Enumerable.Repeat(1.0 / n, n).ToArray();
        var members = new List<DecisionTree[]>();
        var alphas = new List<double>();
        for (int m = 0; m < o.Estimators; m++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            // Trees see weights scaled to mean 1 (bootstrap counts multiply them); only their ratios matter.
            var scaled = weights.Select(w => w * n).ToArray();
            var trees = RandomForestFamily.TrainForest(data, growth, o.BaseTrees, bootstrap: forest, unchecked(context.Seed + 7_001 * m), scaled, context);
            var predicted = new int[n];
            var row = new float[data.Features];
            for (int i = 0; i < n; i++)
            {
                for (int f = 0; f < row.Length; f++) row[f] = data.Columns[f][i];
                predicted[i] = AdaBoostModel.Vote(trees, row, k);
            }
            double total = weights.Sum(), error = 0;
            for (int i = 0; i < n; i++)
                if (predicted[i] != data.Labels[i]) error += weights[i];
            error /= total;
            if (error <= 0)
            {
                members.Add(trees);
                alphas.Add(1.0); // a perfect member: scikit-learn keeps it with weight 1 and stops
                break;
            }
            if (error >= 1 - 1.0 / k)
            {
                if (m == 0) throw new InvalidOperationException("adaboost: the first member is no better than chance; check the features or use deeper trees");
                break; // dropped, and boosting ends
            }
            double alpha = o.LearningRate * (Math.Log((1 - error) / error) + Math.Log(k - 1));
            members.Add(trees);
            alphas.Add(alpha);
            for (int i = 0; i < n; i++)
                if (predicted[i] != data.Labels[i]) weights[i] *= Math.Exp(alpha);
        }
        return new AdaBoostModel(members.ToArray(), alphas.ToArray(), k, data.Features, $"adaboost: {OptionBinder.Format(o)}; {members.Count} member(s)");
    }
}
