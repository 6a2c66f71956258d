namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// One regression tree in ML.NET's layout: internal node i splits on <see cref="Features"/>[i] and goes to
/// <see cref="Left"/>[i] when x &lt;= <see cref="Thresholds"/>[i], else to <see cref="Right"/>[i]; a negative child
/// c is the leaf ~c. A tree without splits is a single leaf.
/// </summary>
public sealed record DecisionTree(int[] Features, float[] Thresholds, int[] Left, int[] Right, double[] LeafValues)
{
    public double Evaluate(ReadOnlySpan<float> x)
    {
        if (Features.Length == 0) return LeafValues[0];
        int node = 0;
        while (true)
        {
            int next = x[Features[node]] <= Thresholds[node] ? Left[node] : Right[node];
            if (next < 0) return LeafValues[~next];
            node = next;
        }
    }
}
