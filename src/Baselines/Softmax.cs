namespace MlNetGenre.Baselines;

/// <summary>Class probabilities from raw scores: exp(s - max) / sum, in double, as the exported graphs' Softmax.</summary>
internal static class Softmax
{
    public static float[] Of(ReadOnlySpan<double> scores)
    {
        double max = double.NegativeInfinity;
        foreach (double s in scores) max = Math.Max(max, s);
        var p = new float[scores.Length];
        double total = 0;
        foreach (double s in scores) total += Math.Exp(s - max);
        for (int c = 0; c < p.Length; c++) p[c] = (float)(Math.Exp(scores[c] - max) / total);
        return p;
    }
}
