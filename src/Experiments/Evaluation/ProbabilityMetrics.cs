namespace MlNetGenre.Experiments.Evaluation;

/// <summary>Metrics over class probabilities: macro one-vs-rest ROC AUC, ROC curves and log loss (as scikit-learn computes them).</summary>
public static class ProbabilityMetrics
{
    /// <summary>Mean over classes of the one-vs-rest AUC; classes absent from the truth (or the only class present) are left out; NaN when none is left.</summary>
    public static double MacroAucOneVsRest(IReadOnlyList<int> truth, IReadOnlyList<float[]> probabilities, int classCount)
    {
        var aucs = new List<double>();
        for (int c = 0; c < classCount; c++)
        {
            double auc = BinaryAuc(truth.Select(t => t == c).ToArray(), probabilities.Select(p => (double)p[c]).ToArray());
            if (!double.IsNaN(auc)) aucs.Add(auc);
        }
        return aucs.Count == 0 ? double.NaN : aucs.Average();
    }

    /// <summary>AUC by the rank-sum (Mann-Whitney) formula, ties counted half; NaN without both classes.</summary>
    public static double BinaryAuc(IReadOnlyList<bool> positive, IReadOnlyList<double> score)
    {
        int n = positive.Count, positives = positive.Count(p => p), negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        int[] order = Enumerable.Range(0, n).OrderBy(i => score[i]).ToArray();
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) ranks[order[t]] = rank;
            i = j + 1;
        }
        double rankSum = Enumerable.Range(0, n).Where(i => positive[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>One-vs-rest ROC curve of one class: false-positive rates and true-positive rates at each distinct threshold.</summary>
    public static (double[] Fpr, double[] Tpr) RocCurve(IReadOnlyList<int> truth, IReadOnlyList<float[]> probabilities, int classIndex)
    {
        var items = truth.Select((t, i) => (Positive: t == classIndex, Score: probabilities[i][classIndex]))
            .OrderByDescending(x => x.Score).ToArray();
        int positives = items.Count(x => x.Positive), negatives = items.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].Positive) tp++; else fp++;
            if (i + 1 < items.Length && items[i + 1].Score == items[i].Score) continue;
            fpr.Add(negatives == 0 ? 0 : (double)fp / negatives);
            tpr.Add(positives == 0 ? 0 : (double)tp / positives);
        }
        return (fpr.ToArray(), tpr.ToArray());
    }

    /// <summary>Mean negative log-probability of the true class, probabilities clipped to [1e-15, 1].</summary>
    public static double LogLoss(IReadOnlyList<int> truth, IReadOnlyList<float[]> probabilities)
    {
        if (truth.Count == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            double total = probabilities[i].Sum(p => (double)p);
            double p = total > 0 ? probabilities[i][truth[i]] / total : 0;
            sum -= Math.Log(Math.Clamp(p, 1e-15, 1));
        }
        return sum / truth.Count;
    }
}
