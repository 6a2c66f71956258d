using System.Globalization;
using System.Text;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>summary.md: result tables shaped like the seed reports' (per model; per-class report and confusion matrix of the best).</summary>
public static class SummaryMarkdown
{
    public static string Render(RunResult run)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {run.Experiment} — run {run.RunId}").AppendLine();
        md.AppendLine($"Dataset: {run.Dataset}. Classes: {string.Join(", ", run.ClassNames)}. Split: {run.SplitDescription} " +
                      $"({run.Splits.Count} division(s); first: {run.Splits[0].TrainItems} train / {run.Splits[0].TestItems} test items). " +
                      $"Seed {run.Seed}. Wall time {run.WallSeconds:F1} s. Every test item was scored by ONNX Runtime from the exported model.").AppendLine();
        int trials = run.Models.Max(m => m.Trials);
        md.AppendLine(trials > 1
            ? $"Metrics are the mean ± standard deviation over {trials} trials, with the 95% confidence interval of the mean."
            : "One trial per model: no spread is available (use split.repeats or kfold for it).").AppendLine();
        string trackHeader = run.Clips ? " track acc. |" : "";
        md.AppendLine($"| model | family | features | accuracy | 95% CI | macro-F1 | macro AUC | log loss |{trackHeader} fit (s) | McNemar p vs best |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|" + (run.Clips ? "---:|" : "") + "---:|---:|");
        foreach (var m in run.Models)
        {
            if (m.Trials == 0)
            {
                md.AppendLine($"| {m.Model} | {m.Family} | {m.Features} | failed: {m.Error?.Replace('|', '/')} |");
                continue;
            }
            string track = run.Clips ? $" {Pm(m.TrackAccuracy!)} |" : "";
            string p = m.VersusBest is null ? "best" : m.VersusBest.PValue.ToString("0.###", CultureInfo.InvariantCulture);
            md.AppendLine($"| {m.Model} | {m.Family} | {m.Features} | {Pm(m.Accuracy)} | {Ci(m.Accuracy)} | {Pm(m.MacroF1)} | {F(m.MacroAuc.Mean)} | {F(m.LogLoss.Mean)} |{track} {m.MeanFitSeconds:F2} | {p} |");
        }
        var best = run.Models.Where(m => m.Trials > 0).MaxBy(m => m.Accuracy.Mean);
        if (best is not null)
        {
            var predictions = run.Trials.Where(t => t.Model == best.Model).SelectMany(t => t.Predictions).ToArray();
            var pooled = ClassificationMetrics.Compute(predictions.Select(p => p.Truth).ToArray(), predictions.Select(p => p.Predicted).ToArray(), run.ClassNames.Count);
            md.AppendLine().AppendLine($"## Best model: {best.Model} ({best.Parameters})").AppendLine();
            md.AppendLine("| class | precision | recall | F1 | support |").AppendLine("|---|---:|---:|---:|---:|");
            for (int c = 0; c < run.ClassNames.Count; c++)
                md.AppendLine($"| {run.ClassNames[c]} | {F(pooled.Precision[c])} | {F(pooled.Recall[c])} | {F(pooled.F1[c])} | {pooled.Support[c]} |");
            md.AppendLine().AppendLine("Confusion matrix over all trials (rows: true class, columns: predicted):").AppendLine();
            md.AppendLine("| | " + string.Join(" | ", run.ClassNames) + " |");
            md.AppendLine("|---|" + string.Concat(run.ClassNames.Select(_ => "---:|")));
            for (int c = 0; c < run.ClassNames.Count; c++)
                md.AppendLine($"| **{run.ClassNames[c]}** | " + string.Join(" | ", best.Confusion[c]) + " |");
        }
        if (run.BadFiles.Count > 0)
        {
            md.AppendLine().AppendLine($"## Skipped files ({run.BadFiles.Count})").AppendLine();
            foreach (var b in run.BadFiles) md.AppendLine($"- {b.Reason}");
        }
        return md.ToString();
    }

    private static string F(double value) => double.IsNaN(value) ? "—" : value.ToString("F3", CultureInfo.InvariantCulture);
    private static string Pm(Spread s) => s.Count > 1 ? $"{F(s.Mean)} ± {F(s.StandardDeviation)}" : F(s.Mean);
    private static string Ci(Spread s) => s.Count > 1 ? $"[{F(s.Low)}, {F(s.High)}]" : "—";
}
