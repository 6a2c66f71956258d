namespace MlNetGenre.Experiments.Evaluation;

/// <summary>Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix (rows = true class).</summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    int[][] ConfusionMatrix,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[] Support)
{
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
        return new ClassificationMetrics(accuracy, f1.Average(), confusion, precision, recall, f1, support);
    }
}
