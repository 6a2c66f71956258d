using MathNet.Numerics.Distributions;

namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// McNemar's exact test of two classifiers on the same items: b = items only A gets right, c = items only
/// B gets right; two-sided p = min(1, 2 * P(X &lt;= min(b, c))) for X ~ Binomial(b + c, 1/2).
/// </summary>
public sealed record McNemar(int OnlyFirstCorrect, int OnlySecondCorrect, double PValue)
{
    public static McNemar Compare(IReadOnlyList<bool> firstCorrect, IReadOnlyList<bool> secondCorrect)
    {
        if (firstCorrect.Count != secondCorrect.Count) throw new ArgumentException("the two classifiers were scored on different items");
        int b = 0, c = 0;
        for (int i = 0; i < firstCorrect.Count; i++)
        {
            if (firstCorrect[i] && !secondCorrect[i]) b++;
            else if (!firstCorrect[i] && secondCorrect[i]) c++;
        }
        double p = b + c == 0 ? 1 : Math.Min(1, 2 * Binomial.CDF(0.5, b + c, Math.Min(b, c)));
        return new McNemar(b, c, p);
    }
}
