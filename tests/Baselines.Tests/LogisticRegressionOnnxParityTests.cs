using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines.Tests;

using MlNetGenre.Testing;

public class LogisticRegressionOnnxParityTests
{
    [Fact]
    public void Onnx_runtime_probabilities_equal_mlnet_on_held_out_rows()
    {
        var all = SyntheticTables.Blobs(classes: 4, perClass: 40, features: 12, seed: 7);
        var train = all.Select(Enumerable.Range(0, all.Count).Where(i => i % 5 != 0).ToArray());
        var test = all.Select(Enumerable.Range(0, all.Count).Where(i => i % 5 == 0).ToArray());
        var family = new LogisticRegressionFamily();
        var (model, transformer, context) = family.FitWithTransformer(train, HyperParameters.Empty, seed: 1);

        string path = Path.Combine(Path.GetTempPath(), $"lr-{Guid.NewGuid():N}.onnx");
        var metadata = new OnnxModelMetadata(all.ClassNames, all.FeatureNames, family.Name, new Dictionary<string, string> { ["set"] = "test" });
        OnnxModelFile.Save(model.ToOnnx(metadata), path);
        try
        {
            using var scorer = OnnxScorer.Open(path);
            float[][] onnx = scorer.PredictProbabilities(test.Rows);
            float[][] mlnet = LogisticRegressionFamily.PredictWithMlNet(transformer, context, model.Standardizer, test.Rows, all.ClassNames.Count);
            Assert.Equal(test.Count, onnx.Length);
            double maxDiff = 0;
            for (int i = 0; i < test.Count; i++)
            {
                Assert.Equal(4, onnx[i].Length);
                Assert.InRange(onnx[i].Sum(), 0.9999, 1.0001);
                for (int c = 0; c < 4; c++) maxDiff = Math.Max(maxDiff, Math.Abs(onnx[i][c] - mlnet[i][c]));
                float[] own = model.PredictProbabilities(test.Rows[i]);
                for (int c = 0; c < 4; c++) Assert.Equal(mlnet[i][c], own[c], 1e-5);
            }
            Assert.True(maxDiff <= 1e-5, $"max |ONNX - ML.NET| = {maxDiff:E2}");
            Assert.Equal(all.ClassNames, scorer.Metadata.Labels);
            Assert.Equal(all.FeatureNames, scorer.Metadata.FeatureNames);
            // The model must have learned something: well above the 25% chance level.
            double accuracy = Enumerable.Range(0, test.Count).Count(i => ArgMax(onnx[i]) == test.ClassIndex[i]) / (double)test.Count;
            Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0} " + string.Join(",", Enumerable.Range(0, test.Count).Select(i => $"{test.ClassIndex[i]}>{ArgMax(onnx[i])}")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [OnnxCheckerFact]
    public void The_exported_graph_passes_the_onnx_reference_checker()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 20, features: 5, seed: 11);
        var model = new LogisticRegressionFamily().Fit(table, HyperParameters.Empty, new FitContext(1));
        string path = Path.Combine(Path.GetTempPath(), $"lr-check-{Guid.NewGuid():N}.onnx");
        var metadata = new OnnxModelMetadata(table.ClassNames, table.FeatureNames, "logistic-regression", new Dictionary<string, string>());
        OnnxModelFile.Save(model.ToOnnx(metadata), path);
        try
        {
            Assert.Null(OnnxChecker.Check(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_constant_feature_does_not_produce_nan()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 20, features: 4, seed: 3);
        foreach (float[] row in table.Rows) row[2] = 5f;
        var model = new LogisticRegressionFamily().Fit(table, HyperParameters.Empty, new FitContext(1));
        Assert.All(table.Rows, r => Assert.All(model.PredictProbabilities(r), p => Assert.True(float.IsFinite(p))));
    }

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
}
