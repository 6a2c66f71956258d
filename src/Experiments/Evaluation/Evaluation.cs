namespace MlNetGenre.Experiments.Evaluation;

/// <summary>All metrics of one set of scored items (clips or tracks).</summary>
public sealed record Evaluation(ClassificationMetrics Classification, double MacroAuc, double LogLoss, int Items)
{
    public static Evaluation Of(IReadOnlyList<int> truth, IReadOnlyList<float[]> probabilities, int classCount)
    {
        var predicted = probabilities.Select(ArgMax).ToArray();
        return new Evaluation(
            ClassificationMetrics.Compute(truth, predicted, classCount),
            ProbabilityMetrics.MacroAucOneVsRest(truth, probabilities, classCount),
            ProbabilityMetrics.LogLoss(truth, probabilities),
            truth.Count);
    }

    public static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
