using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// report.html: one self-contained page (plotly.js embedded once, no network): results table, accuracy
/// and macro-F1 per model with error bars, fit and inference time, per-class F1 heatmap, a confusion
/// matrix and ROC curves per model, training curves of models trained over epochs, chosen hyper-parameters.
/// </summary>
public static class HtmlReport
{
    private sealed record Chart(string Id, object Data, object Layout, string Css = "chart");

    public static string Render(RunResult run)
    {
        var scored = run.Models.Where(m => m.Trials > 0).ToList();
        var charts = new List<Chart>();
        if (scored.Count > 0)
        {
            charts.Add(ScoresChart(run, scored));
            charts.Add(TimesChart(scored));
            charts.Add(PerClassF1Chart(run, scored));
        }
        for (int i = 0; i < scored.Count; i++)
        {
            charts.Add(ConfusionChart(run, scored[i], i));
            charts.Add(RocChart(run, scored[i], i));
        }
        foreach (var trial in run.Trials.Where(t => t.History.Count > 0).GroupBy(t => t.Model).Select(g => g.First()))
            charts.Add(CurvesChart(trial, charts.Count));

        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{E(run.Experiment)} — {E(run.RunId)}</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}table{border-collapse:collapse;margin:1em 0}" +
                        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}td.n{text-align:right}" +
                        ".chart{width:100%;max-width:1000px;height:460px}.pair{display:flex;flex-wrap:wrap;gap:1em}.pair .chart{width:48%;min-width:420px}" +
                        ".failed{color:#b00}</style>");
        html.Append("<script>").Append(PlotlyScript.Source).AppendLine("</script></head><body>");
        html.AppendLine($"<h1>{E(run.Experiment)}</h1><p>Run {E(run.RunId)} · {E(run.Dataset)} · split: {E(run.SplitDescription)} · " +
                        $"{run.Splits.Count} division(s), first {run.Splits[0].TrainItems} train / {run.Splits[0].TestItems} test items · seed {run.Seed} · {run.WallSeconds:F1} s. " +
                        "Every test item was scored by ONNX Runtime from the exported model file.</p>");
        AppendResultsTable(html, run);
        foreach (var chart in charts.Take(3)) html.AppendLine($"<div id=\"{chart.Id}\" class=\"chart\"></div>");
        html.AppendLine("<h2>Per model</h2>");
        foreach (var pair in charts.Skip(3).Take(2 * scored.Count).Chunk(2))
            html.AppendLine($"<div class=\"pair\">{string.Concat(pair.Select(c => $"<div id=\"{c.Id}\" class=\"chart\"></div>"))}</div>");
        var curves = charts.Skip(3 + 2 * scored.Count).ToList();
        if (curves.Count > 0)
        {
            html.AppendLine("<h2>Training curves</h2>");
            foreach (var chart in curves) html.AppendLine($"<div id=\"{chart.Id}\" class=\"chart\"></div>");
        }
        AppendParametersTable(html, run);
        if (run.BadFiles.Count > 0)
            html.AppendLine($"<h2>Skipped files ({run.BadFiles.Count})</h2><ul>{string.Concat(run.BadFiles.Select(b => $"<li>{E(b.Reason)}</li>"))}</ul>");
        html.AppendLine("<script>");
        var config = new { responsive = true, displaylogo = false };
        foreach (var chart in charts)
            html.AppendLine($"Plotly.newPlot({Json(chart.Id)}, {Json(chart.Data)}, {Json(chart.Layout)}, {Json(config)});");
        html.AppendLine("</script></body></html>");
        return html.ToString();
    }

    private static void AppendResultsTable(StringBuilder html, RunResult run)
    {
        var columns = ResultColumns.For(run);
        html.AppendLine("<table><tr>" + string.Concat(columns.Select(c => $"<th>{E(c.Header)}</th>")) + "</tr>");
        foreach (var m in run.Models)
        {
            if (m.Trials == 0)
            {
                html.AppendLine("<tr class=\"failed\">" + string.Concat(columns.Take(ResultColumns.NamingColumns).Select(c => $"<td>{E(c.Cell(m))}</td>")) +
                                $"<td colspan=\"{columns.Count - ResultColumns.NamingColumns}\">failed: {E(m.Error ?? "")}</td></tr>");
                continue;
            }
            html.AppendLine("<tr>" + string.Concat(columns.Select(c => c.Numeric ? $"<td class=\"n\">{E(c.Cell(m))}</td>" : $"<td>{E(c.Cell(m))}</td>")) + "</tr>");
        }
        html.AppendLine("</table>");
        foreach (string note in ResultColumns.Notes(run))
            html.AppendLine(note.StartsWith("WARNING", StringComparison.Ordinal) ? $"<p class=\"failed\"><strong>{E(note)}</strong></p>" : $"<p>{E(note)}</p>");
    }

    private static void AppendParametersTable(StringBuilder html, RunResult run)
    {
        html.AppendLine("<h2>Hyper-parameters</h2><table><tr><th>model</th><th>split</th><th>parameters used</th><th>grid candidates</th><th>best CV score</th></tr>");
        foreach (var t in run.Trials)
        {
            string cv = t.Grid.Count == 0 ? "—" : $"{F(t.Grid.Max(g => g.MeanScore))} ({E(t.GridMetric ?? "")})";
            html.AppendLine($"<tr><td>{E(t.Model)}</td><td>{t.Key}</td><td>{E(t.Error is null ? t.Parameters : "failed: " + t.Error)}</td><td class=\"n\">{t.Grid.Count}</td><td class=\"n\">{cv}</td></tr>");
        }
        html.AppendLine("</table>");
    }

    private static Chart ScoresChart(RunResult run, List<ModelSummary> scored)
    {
        object Bars(string name, Func<ModelSummary, Spread> metric) => new
        {
            type = "bar", name, x = scored.Select(m => m.Model), y = scored.Select(m => Nan0(metric(m).Mean)),
            error_y = new { type = "data", array = scored.Select(m => Nan0(metric(m).StandardDeviation)), visible = true },
        };
        var data = new List<object> { Bars("accuracy", m => m.Accuracy), Bars("macro-F1", m => m.MacroF1) };
        if (run.Clips) data.Add(Bars("track accuracy", m => m.TrackAccuracy!));
        return new Chart("chart-scores", data, new
        {
            title = new { text = "Test scores per model (mean ± sd over trials)" }, barmode = "group",
            yaxis = new { range = new[] { 0, 1 }, title = new { text = "score" } },
        });
    }

    private static Chart TimesChart(List<ModelSummary> scored) => new("chart-times",
        new object[]
        {
            new { type = "bar", name = "fit (s per trial)", x = scored.Select(m => m.Model), y = scored.Select(m => m.MeanFitSeconds), offsetgroup = 1 },
            new { type = "bar", name = "inference (ms per item, ONNX Runtime)", x = scored.Select(m => m.Model), y = scored.Select(m => m.MeanScoreMillisecondsPerItem), yaxis = "y2", offsetgroup = 2 },
        },
        new
        {
            title = new { text = "Fit and inference time per model" }, barmode = "group",
            yaxis = new { title = new { text = "fit seconds" } },
            yaxis2 = new { title = new { text = "inference ms per item" }, overlaying = "y", side = "right" },
            legend = new { orientation = "h" },
        });

    private static Chart PerClassF1Chart(RunResult run, List<ModelSummary> scored) => new("chart-f1",
        new object[]
        {
            new
            {
                type = "heatmap", colorscale = "Viridis", zmin = 0, zmax = 1, x = run.ClassNames, y = scored.Select(m => m.Model),
                z = scored.Select(m => m.MeanPerClassF1.Select(Nan0)),
                text = scored.Select(m => m.MeanPerClassF1.Select(F)), texttemplate = "%{text}",
            },
        },
        new { title = new { text = "Per-class F1 (mean over trials)" }, margin = new { l = 140 } });

    private static Chart ConfusionChart(RunResult run, ModelSummary m, int i) => new($"chart-confusion-{i}",
        new object[]
        {
            new
            {
                type = "heatmap", colorscale = "Blues", reversescale = true, z = m.Confusion, x = run.ClassNames, y = run.ClassNames,
                text = m.Confusion.Select(r => r.Select(v => v.ToString(CultureInfo.InvariantCulture))), texttemplate = "%{text}",
                hovertemplate = "true %{y}<br>predicted %{x}<br>%{z} items<extra></extra>",
            },
        },
        new
        {
            title = new { text = $"Confusion: {m.Model} (accuracy {100 * m.Accuracy.Mean:F1}%)" },
            xaxis = new { title = new { text = "predicted" } },
            yaxis = new { title = new { text = "true" }, autorange = "reversed" },
        });

    private static Chart RocChart(RunResult run, ModelSummary m, int i)
    {
        var predictions = run.Trials.Where(t => t.Model == m.Model).SelectMany(t => t.Predictions).ToArray();
        var truth = predictions.Select(p => p.Truth).ToArray();
        var probabilities = predictions.Select(p => p.Probabilities).ToArray();
        var traces = new List<object>();
        for (int c = 0; c < run.ClassNames.Count; c++)
        {
            if (!truth.Contains(c)) continue;
            var (fpr, tpr) = ProbabilityMetrics.RocCurve(truth, probabilities, c);
            double auc = ProbabilityMetrics.BinaryAuc(truth.Select(t => t == c).ToArray(), probabilities.Select(p => (double)p[c]).ToArray());
            traces.Add(new { type = "scatter", mode = "lines", name = $"{run.ClassNames[c]} (AUC {F(auc)})", x = fpr, y = tpr });
        }
        traces.Add(new { type = "scatter", mode = "lines", name = "chance", x = new[] { 0, 1 }, y = new[] { 0, 1 }, line = new { dash = "dot", color = "#999" } });
        return new Chart($"chart-roc-{i}", traces, new
        {
            title = new { text = $"ROC one-vs-rest: {m.Model} (macro AUC {F(m.MacroAuc.Mean)})" },
            xaxis = new { title = new { text = "false positive rate" }, range = new[] { 0, 1 } },
            yaxis = new { title = new { text = "true positive rate" }, range = new[] { 0, 1.02 } },
        });
    }

    private static Chart CurvesChart(TrialResult trial, int index)
    {
        var epochs = trial.History.Select(h => h.Epoch).ToArray();
        var data = new List<object>
        {
            new { type = "scatter", mode = "lines+markers", name = "train loss", x = epochs, y = trial.History.Select(h => h.TrainLoss) },
            new { type = "scatter", mode = "lines+markers", name = "train accuracy", x = epochs, y = trial.History.Select(h => h.TrainAccuracy), yaxis = "y2" },
        };
        if (trial.History.Any(h => h.ValidationLoss is not null))
        {
            data.Add(new { type = "scatter", mode = "lines+markers", name = "validation loss", x = epochs, y = trial.History.Select(h => h.ValidationLoss) });
            data.Add(new { type = "scatter", mode = "lines+markers", name = "validation accuracy", x = epochs, y = trial.History.Select(h => h.ValidationAccuracy), yaxis = "y2" });
        }
        return new Chart($"chart-curves-{index}", data, new
        {
            title = new { text = $"Training curves: {trial.Model} [{trial.Key}]" },
            xaxis = new { title = new { text = "epoch" } },
            yaxis = new { title = new { text = "loss" } },
            yaxis2 = new { title = new { text = "accuracy" }, overlaying = "y", side = "right", range = new[] { 0, 1 } },
        });
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double value) => ResultColumns.Number(value);
    private static double Nan0(double value) => double.IsNaN(value) ? 0 : value;


    // System.Text.Json escapes <, > and & by default, so data cannot close the script element.
    private static string Json(object value) => JsonSerializer.Serialize(value);
}
