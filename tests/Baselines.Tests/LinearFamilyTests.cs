using MlNetGenre.Baselines.Linear;
using MlNetGenre.Core.Models;

namespace MlNetGenre.Baselines.Tests;

public class LinearFamilyTests
{
    private static readonly LogisticRegressionFamily Family = new();

    [Fact]
    public void Logistic_regression_onnx_matches_in_process_and_learns()
    {
        var table = SyntheticTables.Blobs(classes: 4, perClass: 40, features: 12, seed: 7);
        double accuracy = FamilyParity.Check(Family, Family.DefaultOptions, table, tolerance: 1e-5);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
    }

    [Fact]
    public void The_fit_reaches_the_regularised_optimum()
    {
        // At the optimum of sum -log p(y|x) + |W|^2 / 2C, the gradient is zero: moving any weight a little only raises the
        // objective. Checked through the model's own probabilities on the standardised rows.
        var table = SyntheticTables.Blobs(classes: 3, perClass: 30, features: 4, seed: 9);
        var options = FamilyParity.Options(Family, ("c", "0.5"), ("tol", "1e-8"), ("max_iter", "1000"));
        var model = (LinearSoftmaxModel)Family.Fit(table, options, new FitContext(1));
        double Objective(float[] weights, float[] biases)
        {
            var probe = new LinearSoftmaxModel(model.Standardizer, weights, biases, model.ClassCount, model.FeatureCount, "", "probe");
            double loss = table.Rows.Select((r, i) => -Math.Log(probe.PredictProbabilities(r)[table.ClassIndex[i]])).Sum();
            return loss + weights.Sum(w => (double)w * w) / (2 * 0.5);
        }
        double best = Objective(model.Weights, model.Biases);
        for (int j = 0; j < model.Weights.Length; j++)
            foreach (float step in new[] { -1e-2f, 1e-2f })
            {
                var moved = (float[])model.Weights.Clone();
                moved[j] += step;
                Assert.True(Objective(moved, model.Biases) >= best - 1e-6, $"moving weight {j} by {step} lowers the objective");
            }
    }

    [Fact]
    public void Stronger_regularisation_gives_flatter_probabilities()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 30, features: 4, seed: 10);
        var loose = Family.Fit(table, FamilyParity.Options(Family, ("c", "100")), new FitContext(1));
        var tight = Family.Fit(table, FamilyParity.Options(Family, ("c", "0.0001")), new FitContext(1));
        Assert.True(table.Rows.Average(r => loose.PredictProbabilities(r).Max()) > table.Rows.Average(r => tight.PredictProbabilities(r).Max()) + 0.2);
        Assert.All(table.Rows, r => Assert.InRange(tight.PredictProbabilities(r).Max(), 0.3f, 0.4f));
    }

    [Fact]
    public void A_constant_feature_does_not_produce_nan()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 20, features: 4, seed: 3);
        foreach (float[] row in table.Rows) row[2] = 5f;
        var model = Family.Fit(table, Family.DefaultOptions, new FitContext(1));
        Assert.All(table.Rows, r => Assert.All(model.PredictProbabilities(r), p => Assert.True(float.IsFinite(p))));
    }

    [Fact]
    public void Linear_svm_onnx_matches_in_process_and_learns()
    {
        var svm = new LinearSvmFamily();
        var table = SyntheticTables.Blobs(classes: 4, perClass: 40, features: 12, seed: 7);
        double accuracy = FamilyParity.Check(svm, svm.DefaultOptions, table, tolerance: 1e-5);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
    }

    [Fact]
    public void Each_linear_svm_reaches_the_squared_hinge_optimum()
    {
        // LinearSVC's problem for class c: ½(|w|² + b²) + C Σ max(0, 1 − y (w·x + b))², convex with a unique optimum:
        // moving any weight or the bias a little only raises it. Decision values are read back through the softmax's logits.
        var svm = new LinearSvmFamily();
        var table = SyntheticTables.Blobs(classes: 3, perClass: 30, features: 4, seed: 9);
        const double c = 0.5;
        var model = (LinearSoftmaxModel)svm.Fit(table, FamilyParity.Options(svm, ("c", "0.5"), ("tol", "1e-8")), new FitContext(1));
        var x = table.Rows.Select(model.Standardizer.Transform).ToArray();
        for (int k = 0; k < model.ClassCount; k++)
        {
            int cls = k;
            double Objective(float[] w, float b)
            {
                double total = 0.5 * (w.Sum(v => (double)v * v) + (double)b * b);
                for (int i = 0; i < x.Length; i++)
                {
                    double y = table.ClassIndex[i] == cls ? 1 : -1;
                    double violation = 1 - y * (b + w.Select((v, j) => (double)v * x[i][j]).Sum());
                    if (violation > 0) total += c * violation * violation;
                }
                return total;
            }
            float[] weights = model.Weights.Skip(k * model.FeatureCount).Take(model.FeatureCount).ToArray();
            float bias = model.Biases[k];
            double best = Objective(weights, bias);
            foreach (float step in new[] { -1e-2f, 1e-2f })
            {
                Assert.True(Objective(weights, bias + step) >= best - 1e-6, $"class {k}: moving the bias by {step} lowers the objective");
                for (int j = 0; j < weights.Length; j++)
                {
                    var moved = (float[])weights.Clone();
                    moved[j] += step;
                    Assert.True(Objective(moved, bias) >= best - 1e-6, $"class {k}: moving weight {j} by {step} lowers the objective");
                }
            }
        }
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("distance")]
    public void Knn_onnx_matches_in_process_and_learns(string weights)
    {
        var table = SyntheticTables.Blobs(classes: 4, perClass: 30, features: 6, seed: 25);
        var family = new KnnFamily();
        double accuracy = FamilyParity.Check(family, FamilyParity.Options(family, ("k", "7"), ("weights", weights)), table);
        Assert.True(accuracy > 0.5, $"accuracy {accuracy:P0}");
    }

    [Fact]
    public void Knn_with_distance_weights_gives_an_exact_match_all_the_weight()
    {
        var table = SyntheticTables.Blobs(classes: 3, perClass: 10, features: 3, seed: 26);
        var family = new KnnFamily();
        var model = family.Fit(table, FamilyParity.Options(family, ("k", "5"), ("weights", "distance")), new FitContext(1));
        float[] p = model.PredictProbabilities(table.Rows[4]);
        Assert.Equal(1f, p[table.ClassIndex[4]]);
    }
}
