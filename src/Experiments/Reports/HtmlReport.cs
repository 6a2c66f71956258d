using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// report.html: one self-contained page (plotly.js embedded once, no network) with the results table,
/// accuracy and macro-F1 per model, and a confusion-matrix heatmap per model.
/// </summary>
public static class HtmlReport
{
    public static string Render(RunResult run)
    {
        var charts = new List<(string Id, object Data, object Layout)>();
        var scored = run.Models.Where(m => m.Metrics is not null).ToList();
        charts.Add(("chart-accuracy",
            new object[]
            {
                new { type = "bar", name = "accuracy", x = scored.Select(m => m.Name), y = scored.Select(m => m.Metrics!.Accuracy) },
                new { type = "bar", name = "macro-F1", x = scored.Select(m => m.Name), y = scored.Select(m => m.Metrics!.MacroF1) },
            },
            new { title = new { text = "Test accuracy and macro-F1 per model" }, barmode = "group", yaxis = new { range = new[] { 0, 1 }, title = new { text = "score" } } }));
        foreach (var (m, i) in scored.Select((m, i) => (m, i)))
        {
            int[][] confusion = m.Metrics!.ConfusionMatrix;
            charts.Add(($"chart-confusion-{i}",
                new object[]
                {
                    new
                    {
                        type = "heatmap", colorscale = "Blues", reversescale = true, z = confusion, x = run.ClassNames, y = run.ClassNames,
                        text = confusion.Select(r => r.Select(v => v.ToString(CultureInfo.InvariantCulture))), texttemplate = "%{text}",
                        hovertemplate = "true %{y}<br>predicted %{x}<br>%{z} items<extra></extra>",
                    },
                },
                new
                {
                    title = new { text = $"Confusion matrix: {m.Name} (accuracy {100 * m.Metrics.Accuracy:F1}%)" },
                    xaxis = new { title = new { text = "predicted" } },
                    yaxis = new { title = new { text = "true" }, autorange = "reversed" },
                }));
        }

        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{E(run.Experiment)} — {E(run.RunId)}</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
                        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}" +
                        ".chart{width:100%;max-width:900px;height:480px}.failed{color:#b00}</style>");
        html.Append("<script>").Append(PlotlyScript.Source).AppendLine("</script></head><body>");
        html.AppendLine($"<h1>{E(run.Experiment)}</h1><p>Run {E(run.RunId)} · {E(run.DatasetDescription)} · {run.TrainItems} train / {run.TestItems} test items " +
                        $"(stratified, grouped by track) · seed {run.Seed} · {run.WallSeconds:F1} s. Test items were scored by ONNX Runtime from the exported models.</p>");
        html.AppendLine("<table><tr><th>model</th><th>family</th><th>features</th><th>parameters</th><th>accuracy</th><th>macro-F1</th><th>fit (s)</th><th>status</th></tr>");
        foreach (var m in run.Models)
        {
            string cls = m.Metrics is null ? " class=\"failed\"" : "";
            html.AppendLine($"<tr{cls}><td>{E(m.Name)}</td><td>{E(m.Family)}</td><td>{E(m.Features)}</td><td>{E(m.Parameters)}</td>" +
                            $"<td class=\"n\">{F(m.Metrics?.Accuracy)}</td><td class=\"n\">{F(m.Metrics?.MacroF1)}</td><td class=\"n\">{m.FitSeconds:F2}</td><td>{E(m.Error ?? m.Status)}</td></tr>");
        }
        html.AppendLine("</table>");
        foreach (var chart in charts) html.AppendLine($"<div id=\"{chart.Id}\" class=\"chart\"></div>");
        if (run.BadFiles.Count > 0)
            html.AppendLine($"<h2>Skipped files ({run.BadFiles.Count})</h2><ul>{string.Concat(run.BadFiles.Select(b => $"<li>{E(b.Reason)}</li>"))}</ul>");
        html.AppendLine("<script>");
        var config = new { responsive = true, displaylogo = false };
        foreach (var chart in charts)
            html.AppendLine($"Plotly.newPlot({Json(chart.Id)}, {Json(chart.Data)}, {Json(chart.Layout)}, {Json(config)});");
        html.AppendLine("</script></body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double? value) => value is double v ? v.ToString("F3", CultureInfo.InvariantCulture) : "—";

    // System.Text.Json escapes <, > and & by default, so data cannot close the script element.
    private static string Json(object value) => JsonSerializer.Serialize(value);
}
