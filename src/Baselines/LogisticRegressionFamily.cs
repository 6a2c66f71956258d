using System.Numerics.Tensors;
using MlNetGenre.Baselines.Linear;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Baselines;

/// <summary>
/// Multinomial logistic regression on standardised features, as scikit-learn's LogisticRegression (lbfgs solver):
/// minimises sum_i -log p(y_i | x_i) + ||W||^2 / (2C) (the intercepts are not penalised) with L-BFGS, stopping at a
/// largest gradient component of <c>tol</c> or after <c>max_iter</c> iterations. YAML family name <c>logistic-regression</c>.
/// </summary>
public sealed class LogisticRegressionFamily : ModelFamily<LogisticRegressionFamily.Options>
{
    public sealed record Options
    {
        [Option("inverse regularisation strength C (smaller = simpler model)", Min = 1e-12)] public double C { get; init; } = 1.0;
        [Option("penalty: l2, or none for no regularisation")] public Penalty Penalty { get; init; } = Penalty.L2;
        [Option("maximum L-BFGS iterations", Min = 1, Max = 1_000_000)] public int MaxIter { get; init; } = 100;
        [Option("stop when the largest gradient component is below this", Min = 0)] public double Tol { get; init; } = 1e-4;
    }

    public enum Penalty
    {
        L2,
        None,
    }

    public override string Name => "logistic-regression";
    public override string Description => "multinomial logistic regression, L-BFGS (scikit-learn's LogisticRegression)";

    protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
    {
        var (standardizer, x, n, d) = StandardizedDesign.Of(training);
        int k = training.ClassNames.Count;
        int[] labels = training.ClassIndex.ToArray();
        double lambda = o.Penalty == Penalty.L2 ? 1.0 / o.C : 0;
        var parameters = new double[k * (d + 1)]; // k weight rows of d, then k biases
        var logits = new double[k];
        Lbfgs.Minimize((w, gradient) =>
        {
            gradient.Clear();
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                var row = x.AsSpan(i * d, d);
                double max = double.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    double z = w[k * d + c] + TensorPrimitives.Dot(w.Slice(c * d, d), row);
                    logits[c] = z;
                    max = Math.Max(max, z);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) sum += logits[c] = Math.Exp(logits[c] - max);
                loss -= Math.Log(Math.Max(logits[labels[i]] / sum, 1e-300));
                for (int c = 0; c < k; c++)
                {
                    double residual = logits[c] / sum - (labels[i] == c ? 1 : 0);
                    var g = gradient.Slice(c * d, d);
                    TensorPrimitives.MultiplyAdd(row, residual, g, g);
                    gradient[k * d + c] += residual;
                }
            }
            if (lambda > 0)
            {
                var weights = w[..(k * d)];
                loss += 0.5 * lambda * TensorPrimitives.Dot(weights, weights);
                TensorPrimitives.MultiplyAdd(weights, lambda, gradient[..(k * d)], gradient[..(k * d)]);
            }
            return loss;
        }, parameters, o.MaxIter, o.Tol, context.Cancellation);
        return new LinearSoftmaxModel(standardizer, parameters.Take(k * d).Select(v => (float)v).ToArray(),
            parameters.Skip(k * d).Select(v => (float)v).ToArray(), k, d, $"logistic regression: {OptionBinder.Format(o)}", "logistic_regression");
    }
}
