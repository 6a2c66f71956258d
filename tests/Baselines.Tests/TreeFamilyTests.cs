using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetGenre.Baselines.Trees;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines.Tests;

public class TreeFamilyTests
{

    [Fact]
    public void Random_forest_onnx_matches_in_process_and_learns()
    {
        var table = SyntheticTables.Blobs(classes: 4, perClass: 40, features: 6, seed: 21);
        var family = new RandomForestFamily();
        var parameters = new HyperParameters(new Dictionary<string, object> { ["trees"] = 20L, ["leaves"] = 8L });
        double accuracy = FamilyParity.Check(family, parameters, table);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
        // Mean votes stay in [-1, 1], so vote shares are not saturated.
        var model = (TreeClassifierModel)family.Fit(table, parameters, new FitContext(1));
        var standardizer = Standardizer.Fit(table.Rows);
        Assert.All(table.Rows.SelectMany(r => model.Ensemble.Evaluate(standardizer.Transform(r))), s => Assert.InRange(s, -1.0001, 1.0001));
    }

    [Theory]
    [InlineData("fasttree")]
    [InlineData("lightgbm")]
    public void Gradient_boosting_onnx_matches_in_process_and_learns(string engine)
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 40, features: 5, seed: 22);
        double accuracy = FamilyParity.Check(new GradientBoostingFamily(),
            new HyperParameters(new Dictionary<string, object> { ["engine"] = engine, ["trees"] = 30L, ["leaves"] = 6L }), table);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
    }

    [Fact]
    public void Adaboost_over_forests_onnx_matches_in_process_and_learns()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 40, features: 5, seed: 24, spread: 2.0);
        var parameters = new HyperParameters(new Dictionary<string, object> { ["estimators"] = 4L, ["trees"] = 8L, ["leaves"] = 4L, ["learning_rate"] = 0.5 });
        double accuracy = FamilyParity.Check(new AdaBoostFamily(), parameters, table);
        Assert.True(accuracy > 0.45, $"accuracy {accuracy:P0}");
        var model = (AdaBoostModel)new AdaBoostFamily().Fit(table, parameters, new FitContext(1));
        Assert.InRange(model.Members, 1, 4);
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("distance")]
    public void Knn_onnx_matches_in_process_and_learns(string weights)
    {
        var table = SyntheticTables.Blobs(classes: 4, perClass: 30, features: 6, seed: 25);
        double accuracy = FamilyParity.Check(new KnnFamily(), new HyperParameters(new Dictionary<string, object> { ["k"] = 7L, ["weights"] = weights }), table);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
    }

    [Fact]
    public void Knn_with_distance_weights_gives_an_exact_match_all_the_weight()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 10, features: 3, seed: 26);
        var model = new KnnFamily().Fit(table, new HyperParameters(new Dictionary<string, object> { ["k"] = 5L, ["weights"] = "distance" }), new FitContext(1));
        float[] p = model.PredictProbabilities(table.Rows[4]);
        Assert.Equal(1f, p[table.ClassIndex[4]]);
    }

    [Fact]
    public void Extracted_trees_reproduce_mlnets_own_raw_score()
    {
        var table = SyntheticTables.Blobs(classes: 2, perClass: 50, features: 4, seed: 23);
        var rows = table.Rows.ToArray();
        var ml = new MLContext(1);
        var data = BinaryRowsForTest(ml, rows, table.ClassIndex);
        var transformer = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 15, numberOfLeaves: 5).Fit(data);
        var ensemble = new TreeEnsemble(1);
        ensemble.Add(transformer.Model.SubModel.TrainedTreeEnsemble, 0);
        var scores = ml.Data.CreateEnumerable<ScoreRow>(transformer.Transform(data), reuseRowObject: false).Select(r => r.Score).ToArray();
        for (int i = 0; i < rows.Length; i++) Assert.Equal(scores[i], ensemble.Evaluate(rows[i])[0], 1e-4);
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private static IDataView BinaryRowsForTest(MLContext ml, float[][] rows, IReadOnlyList<int> labels)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        return ml.Data.LoadFromEnumerable(rows.Select((r, i) => new Row { Features = r, Label = labels[i] == 1 }), schema);
    }
}
