using System.Globalization;
using System.Text;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>summary.md: the result tables in the shape of the seed reports (per model; per class and confusion of the best).</summary>
public static class SummaryMarkdown
{
    public static string Render(RunResult run)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {run.Experiment} — run {run.RunId}").AppendLine();
        md.AppendLine($"Dataset: {run.DatasetDescription}. Classes: {string.Join(", ", run.ClassNames)}. " +
                      $"Split: {run.TrainItems} train / {run.TestItems} test items (stratified, grouped by track). Seed {run.Seed}. " +
                      $"Wall time {run.WallSeconds:F1} s. Test items scored with ONNX Runtime from the exported models.").AppendLine();
        md.AppendLine("| model | family | features | accuracy | macro-F1 | fit (s) | status |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|");
        foreach (var m in run.Models)
        {
            string acc = m.Metrics is null ? "—" : F(m.Metrics.Accuracy);
            string f1 = m.Metrics is null ? "—" : F(m.Metrics.MacroF1);
            md.AppendLine($"| {m.Name} | {m.Family} | {m.Features} | {acc} | {f1} | {m.FitSeconds:F2} | {(m.Error is null ? m.Status : m.Status + ": " + m.Error.Replace('|', '/'))} |");
        }
        var best = run.Models.Where(m => m.Metrics is not null).MaxBy(m => m.Metrics!.Accuracy);
        if (best?.Metrics is { } metrics)
        {
            md.AppendLine().AppendLine($"## Best model: {best.Name}").AppendLine();
            md.AppendLine("| class | precision | recall | F1 | support |").AppendLine("|---|---:|---:|---:|---:|");
            for (int c = 0; c < run.ClassNames.Count; c++)
                md.AppendLine($"| {run.ClassNames[c]} | {F(metrics.Precision[c])} | {F(metrics.Recall[c])} | {F(metrics.F1[c])} | {metrics.Support[c]} |");
            md.AppendLine().AppendLine("Confusion matrix (rows: true class, columns: predicted):").AppendLine();
            md.AppendLine("| | " + string.Join(" | ", run.ClassNames) + " |");
            md.AppendLine("|---|" + string.Concat(run.ClassNames.Select(_ => "---:|")));
            for (int c = 0; c < run.ClassNames.Count; c++)
                md.AppendLine($"| **{run.ClassNames[c]}** | " + string.Join(" | ", metrics.ConfusionMatrix[c]) + " |");
        }
        if (run.BadFiles.Count > 0)
        {
            md.AppendLine().AppendLine($"## Skipped files ({run.BadFiles.Count})").AppendLine();
            foreach (var b in run.BadFiles) md.AppendLine($"- {b.Reason}");
        }
        return md.ToString();
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
