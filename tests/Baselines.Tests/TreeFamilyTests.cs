using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;

namespace MlNetGenre.Baselines.Tests;

public class TreeFamilyTests
{
    [Fact]
    public void Random_forest_onnx_matches_in_process_and_learns()
    {
        var family = new RandomForestFamily();
        var table = SyntheticTables.Blobs(classes: 4, perClass: 40, features: 6, seed: 21);
        double accuracy = FamilyParity.Check(family, FamilyParity.Options(family, ("trees", "30")), table);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
        var entropy = FamilyParity.Options(family, ("trees", "10"), ("criterion", "entropy"), ("max_depth", "4"), ("max_features", "all"), ("bootstrap", "false"));
        double single = FamilyParity.Check(family, entropy, table); // ten identical depth-4 trees
        Assert.True(single > 0.35, $"accuracy {single:P0}");
    }

    [Fact]
    public void A_forest_grown_to_purity_fits_its_training_rows_and_does_not_depend_on_threads()
    {
        var family = new RandomForestFamily();
        var table = SyntheticTables.Blobs(classes: 3, perClass: 30, features: 5, seed: 5);
        var options = FamilyParity.Options(family, ("trees", "12"), ("bootstrap", "false"), ("max_features", "all"));
        var one = family.Fit(table, options, new FitContext(2, Threads: 1));
        var two = family.Fit(table, options, new FitContext(2, Threads: 2));
        for (int i = 0; i < table.Count; i++)
        {
            Assert.Equal(one.PredictProbabilities(table.Rows[i]), two.PredictProbabilities(table.Rows[i]));
            Assert.Equal(table.ClassIndex[i], FamilyParity.ArgMax(one.PredictProbabilities(table.Rows[i]))); // pure leaves, no bootstrap: every row is fitted
        }
    }

    [Fact]
    public void A_tree_depends_on_its_own_seed_only_not_on_the_trees_its_trainer_grew_before()
    {
        // Forest threads reuse one trainer for many trees. Its feature order, shuffled in place from node to node,
        // once carried over from one tree to the next, so a forest depended on how trees fell to threads (the core count).
        var table = SyntheticTables.Blobs(classes: 4, perClass: 40, features: 12, seed: 9);
        var data = ColumnData.From(table);
        var growth = new TreeGrowth(SplitCriterion.Gini, null, 2, 1, 3);
        double[] weights = Enumerable.Repeat(1.0, data.Samples).ToArray();
        var used = new ClassificationTreeTrainer(data, growth);
        used.Train(weights, new Random(1));
        var afterAnother = used.Train(weights, new Random(2));
        var fresh = new ClassificationTreeTrainer(data, growth).Train(weights, new Random(2));
        Assert.Equal(fresh.Feature, afterAnother.Feature);
        Assert.Equal(fresh.Threshold, afterAnother.Threshold);
        Assert.Equal(fresh.Values, afterAnother.Values);
    }

    [Fact]
    public void A_single_tree_picks_the_split_with_the_lowest_weighted_gini()
    {
        // One feature; classes 0 0 1 0 1 1 at x = 1..6. Best threshold by brute force over the midpoints.
        float[] x = [1, 2, 3, 4, 5, 6];
        int[] y = [0, 0, 1, 0, 1, 1];
        double Gini(IEnumerable<int> labels)
        {
            var l = labels.ToArray();
            if (l.Length == 0) return 0;
            double p = l.Average();
            return 1 - p * p - (1 - p) * (1 - p);
        }
        float best = 0;
        double bestImpurity = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            float t = (x[i] + x[i + 1]) / 2;
            var left = y.Where((_, j) => x[j] <= t);
            var right = y.Where((_, j) => x[j] > t);
            double impurity = left.Count() * Gini(left) + right.Count() * Gini(right);
            if (impurity < bestImpurity) (best, bestImpurity) = (t, impurity);
        }
        var table = new FeatureTable(x.Select(v => new[] { v }).ToArray(), y, x.Select(v => $"t{v}").ToArray(), x.Select(v => $"t{v}").ToArray(), ["a", "b"], ["x"]);
        var trainer = new ClassificationTreeTrainer(ColumnDataFor(table), new TreeGrowth(SplitCriterion.Gini, MaxDepth: 1, 2, 1, MaxFeatures: 1));
        var tree = trainer.Train(Enumerable.Repeat(1.0, 6).ToArray(), new Random(1));
        Assert.Equal(best, tree.Threshold[0]);
        Assert.Equal(3, tree.Nodes);
    }

    [Fact]
    public void Thresholds_separate_adjacent_floats()
    {
        float a = 1f, b = MathF.BitIncrement(1f);
        float t = ClassificationTreeTrainer.Midpoint(a, b);
        Assert.True(a <= t && t < b);
    }

    [Fact]
    public void Gradient_boosting_onnx_matches_in_process_and_learns()
    {
        var family = new GradientBoostingFamily();
        var table = SyntheticTables.Blobs(classes: 3, perClass: 40, features: 5, seed: 22);
        double accuracy = FamilyParity.Check(family, FamilyParity.Options(family, ("trees", "40")), table);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
        var histogramStyle = FamilyParity.Options(family, ("trees", "20"), ("max_depth", "none"), ("max_leaf_nodes", "8"), ("min_samples_leaf", "5"), ("l2_regularization", "1"), ("max_bins", "16"));
        Assert.True(FamilyParity.Check(family, histogramStyle, table) > 0.5);
    }

    [Fact]
    public void Boosting_lowers_the_training_loss_round_by_round()
    {
        var family = new GradientBoostingFamily();
        var table = SyntheticTables.Blobs(classes: 3, perClass: 30, features: 4, seed: 8);
        var model = (IStagedModel)family.Fit(table, FamilyParity.Options(family, ("trees", "30")), new FitContext(1));
        double Loss(int stages) => table.Rows.Select((r, i) => -Math.Log(model.PredictProbabilities(r, stages)[table.ClassIndex[i]])).Average();
        Assert.True(Loss(30) < Loss(10) && Loss(10) < Loss(1) && Loss(1) < Math.Log(3));
    }

    [Theory]
    [InlineData("random-forest", "trees")]
    [InlineData("gradient-boosting", "trees")]
    [InlineData("adaboost", "estimators")]
    public void The_first_stages_of_a_model_are_the_model_fitted_with_fewer_stages(string name, string option)
    {
        IModelFamily family = name switch { "random-forest" => new RandomForestFamily(), "gradient-boosting" => new GradientBoostingFamily(), _ => new AdaBoostFamily() };
        var table = SyntheticTables.Blobs(classes: 3, perClass: 25, features: 4, seed: 12, spread: 2.5);
        var large = (IStagedModel)family.Fit(table, FamilyParity.Options(family, (option, "12")), new FitContext(6));
        var small = (IStagedModel)family.Fit(table, FamilyParity.Options(family, (option, "5")), new FitContext(6));
        Assert.Equal(name, family.Name);
        Assert.Equal(option, ((IStagedFamily)family).StageOption);
        foreach (float[] row in table.Rows) Assert.Equal(small.PredictProbabilities(row), large.PredictProbabilities(row, 5));
    }

    [Theory]
    [InlineData("random-forest")]
    [InlineData("gradient-boosting")]
    public void Two_class_tree_ensembles_keep_both_probabilities_in_onnx(string name)
    {
        // ONNX Runtime reads a two-class TreeEnsembleClassifier naming one class as binary; the export names both.
        IModelFamily family = name == "random-forest" ? new RandomForestFamily() : new GradientBoostingFamily();
        var table = SyntheticTables.Blobs(classes: 2, perClass: 40, features: 4, seed: 13);
        Assert.True(FamilyParity.Check(family, FamilyParity.Options(family, ("trees", "10")), table) > 0.5);
    }

    [Fact]
    public void Adaboost_over_stumps_and_over_forests_matches_onnx_and_learns()
    {
        var family = new AdaBoostFamily();
        var table = SyntheticTables.Blobs(classes: 3, perClass: 40, features: 5, seed: 24, spread: 2.0);
        Assert.True(FamilyParity.Check(family, FamilyParity.Options(family, ("estimators", "20")), table) > 0.45);
        var forests = FamilyParity.Options(family, ("estimators", "4"), ("base_trees", "8"), ("max_depth", "3"), ("learning_rate", "0.5"));
        Assert.True(FamilyParity.Check(family, forests, table) > 0.45);
        var model = (AdaBoostModel)family.Fit(table, forests, new FitContext(1));
        Assert.InRange(model.Stages, 1, 4);
    }

    private static ColumnData ColumnDataFor(FeatureTable table) => ColumnData.From(table);
}
