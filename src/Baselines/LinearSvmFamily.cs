using System.Numerics.Tensors;
using MlNetGenre.Baselines.Linear;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Baselines;

/// <summary>
/// Linear support vector machine on standardised features, one-vs-rest, as scikit-learn's LinearSVC (liblinear,
/// its defaults): each class c minimises ½(‖w‖² + b²) + C Σ max(0, 1 − y·(w·x + b))² with y = ±1 (the squared
/// hinge; the intercept is penalised like a weight, as liblinear's intercept_scaling 1 does). The squared hinge is
/// smooth enough for L-BFGS. The exported output is the softmax of the decision values: its argmax is LinearSVC's
/// prediction, and AUC ranks by it, but it is not a calibrated probability. YAML family name <c>linear-svm</c>.
/// </summary>
public sealed class LinearSvmFamily : ModelFamily<LinearSvmFamily.Options>
{
    public sealed record Options
    {
        [Option("penalty on margin violations C (smaller = wider margin, simpler model)", Min = 1e-12)] public double C { get; init; } = 1.0;
        [Option("maximum L-BFGS iterations per class", Min = 1, Max = 1_000_000)] public int MaxIter { get; init; } = 1000;
        [Option("stop when the largest gradient component is below this", Min = 0)] public double Tol { get; init; } = 1e-4;
    }

    public override string Name => "linear-svm";
    public override string Description => "linear SVM, squared hinge, one-vs-rest (scikit-learn's LinearSVC)";

    protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
    {
        var (standardizer, x, _, d) = StandardizedDesign.Of(training);
        int k = training.ClassNames.Count;
        var weights = new float[k * d];
        var biases = new float[k];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.Threads), CancellationToken = context.Cancellation };
        Parallel.For(0, k, parallel, c =>
        {
            var y = training.ClassIndex.Select(label => label == c ? 1.0 : -1.0).ToArray();
            var parameters = new double[d + 1]; // weights, then the bias
            Lbfgs.Minimize((w, gradient) => SquaredHingeObjective(w, gradient, x, y, d, o.C), parameters, o.MaxIter, o.Tol, context.Cancellation);
            for (int j = 0; j < d; j++) weights[c * d + j] = (float)parameters[j];
            biases[c] = (float)parameters[d];
        });
        return new LinearSoftmaxModel(standardizer, weights, biases, k, d, $"linear SVM: {OptionBinder.Format(o)}", "linear_svm");
    }

    /// <summary>½‖θ‖² + C Σ max(0, 1 − y θ·[x, 1])² and its gradient θ − 2C Σ y max(0, 1 − y θ·[x, 1]) [x, 1].</summary>
    private static double SquaredHingeObjective(ReadOnlySpan<double> theta, Span<double> gradient, double[] x, double[] y, int d, double c)
    {
        theta.CopyTo(gradient);
        double loss = 0.5 * TensorPrimitives.Dot(theta, theta);
        var w = theta[..d];
        double bias = theta[d];
        var gw = gradient[..d];
        for (int i = 0; i < y.Length; i++)
        {
            var row = x.AsSpan(i * d, d);
            double violation = 1 - y[i] * (TensorPrimitives.Dot(w, row) + bias);
            if (violation <= 0) continue;
            loss += c * violation * violation;
            double scale = -2 * c * y[i] * violation;
            TensorPrimitives.MultiplyAdd(row, scale, gw, gw);
            gradient[d] += scale;
        }
        return loss;
    }
}
