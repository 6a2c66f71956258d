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
        var columns = ResultColumns.For(run);
        md.AppendLine("| " + string.Join(" | ", columns.Select(c => c.Header)) + " |");
        md.AppendLine("|" + string.Concat(columns.Select(c => c.Numeric ? "---:|" : "---|")));
        foreach (var m in run.Models)
        {
            var cells = m.Trials == 0
                ? columns.Take(ResultColumns.NamingColumns).Select(c => c.Cell(m)).Append($"failed: {m.Error}")
                : columns.Select(c => c.Cell(m));
            md.AppendLine("| " + string.Join(" | ", cells.Select(Cell)) + " |");
        }
        md.AppendLine();
        foreach (string note in ResultColumns.Notes(run)) md.AppendLine(note.StartsWith("WARNING", StringComparison.Ordinal) ? $"**{note}**" : note).AppendLine();
        var best = run.Models.Where(m => m.Trials > 0).MaxBy(m => m.Accuracy.Mean);
        if (best is not null)
        {
            var predictions = run.Trials.Where(t => t.Model == best.Model).SelectMany(t => t.Predictions).ToArray();
            var pooled = ClassificationMetrics.Compute(predictions.Select(p => p.Truth).ToArray(), predictions.Select(p => p.Predicted).ToArray(), run.ClassNames.Count);
            md.AppendLine().AppendLine($"## Best model: {Cell(best.Model)} ({Cell(best.Parameters)})").AppendLine();
            md.AppendLine("| class | precision | recall | F1 | support |").AppendLine("|---|---:|---:|---:|---:|");
            for (int c = 0; c < run.ClassNames.Count; c++)
                md.AppendLine($"| {Cell(run.ClassNames[c])} | {F(pooled.Precision[c])} | {F(pooled.Recall[c])} | {F(pooled.F1[c])} | {pooled.Support[c]} |");
            md.AppendLine().AppendLine("Confusion matrix over all trials (rows: true class, columns: predicted):").AppendLine();
            md.AppendLine("| | " + string.Join(" | ", run.ClassNames.Select(Cell)) + " |");
            md.AppendLine("|---|" + string.Concat(run.ClassNames.Select(_ => "---:|")));
            for (int c = 0; c < run.ClassNames.Count; c++)
                md.AppendLine($"| **{Cell(run.ClassNames[c])}** | " + string.Join(" | ", best.Confusion[c]) + " |");
        }
        if (run.BadFiles.Count > 0)
        {
            md.AppendLine().AppendLine($"## Skipped files ({run.BadFiles.Count})").AppendLine();
            foreach (var b in run.BadFiles) md.AppendLine($"- {Cell(b.Reason)}");
        }
        return md.ToString();
    }

    private static string F(double value) => ResultColumns.Number(value);

    /// <summary>
    /// Text safe inside a Markdown table cell: HTML is escaped (Markdown renderers pass it through), and pipes and
    /// line breaks, which would end the cell, are escaped too. Labels, names and errors come from user files.
    /// </summary>
    public static string Cell(string text) => System.Net.WebUtility.HtmlEncode(text).Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
