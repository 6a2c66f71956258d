namespace MlNetGenre.Experiments.Evaluation;

/// <summary>
/// Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix (rows = true class). As in
/// scikit-learn, macro-F1 averages over the classes that occur in the truth or the predictions; a class absent from
/// both (a small test set) is left out rather than counted as F1 = 0.
/// </summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    int[][] ConfusionMatrix,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[] Support)
{
    /// <summary>Whether class <paramref name="c"/> occurs in the truth or the predictions (its F1 is then meaningful).</summary>
    public bool Present(int c) => Support[c] > 0 || ConfusionMatrix.Any(row => row[c] > 0);

    public static ClassificationMetrics Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classCount)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predictions differ in length");
        var confusion = new int[classCount][];
        for (int c = 0; c < classCount; c++) confusion[c] = new int[classCount];
        for (int i = 0; i < truth.Count; i++) confusion[truth[i]][predicted[i]]++;

        var precision = new double[classCount];
        var recall = new double[classCount];
        var f1 = new double[classCount];
        var support = new int[classCount];
        int correct = 0;
        for (int c = 0; c < classCount; c++)
        {
            int tp = confusion[c][c];
            int predictedAsC = Enumerable.Range(0, classCount).Sum(r => confusion[r][c]);
            support[c] = confusion[c].Sum();
            correct += tp;
            // scikit-learn's zero_division=0 convention.
            precision[c] = predictedAsC == 0 ? 0 : (double)tp / predictedAsC;
            recall[c] = support[c] == 0 ? 0 : (double)tp / support[c];
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        double accuracy = truth.Count == 0 ? 0 : (double)correct / truth.Count;
        var metrics = new ClassificationMetrics(accuracy, 0, confusion, precision, recall, f1, support);
        var present = Enumerable.Range(0, classCount).Where(metrics.Present).ToArray();
        return metrics with { MacroF1 = present.Length == 0 ? 0 : present.Average(c => f1[c]) };
    }
}
