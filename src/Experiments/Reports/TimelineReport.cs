using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlNetGenre.Experiments.Prediction;

namespace MlNetGenre.Experiments.Reports;

/// <summary>A genre timeline: the probability of each genre against time, as CSV and as an offline HTML plot.</summary>
public static class TimelineReport
{
    public static string Csv(TrackPrediction prediction)
    {
        var csv = new StringBuilder("start_seconds,end_seconds,top," + string.Join(",", prediction.Labels.Select(l => PredictionsCsv.Escape("p_" + l))) + "\n");
        foreach (var clip in prediction.Timeline)
        {
            string top = prediction.Labels[Array.IndexOf(clip.Probabilities, clip.Probabilities.Max())];
            csv.Append(clip.StartSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(',')
                .Append(clip.EndSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(',').Append(PredictionsCsv.Escape(top));
            foreach (float p in clip.Probabilities) csv.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    public static string Html(TrackPrediction prediction, string modelName)
    {
        var times = prediction.Timeline.Select(c => (c.StartSeconds + c.EndSeconds) / 2).ToArray();
        var traces = prediction.Labels.Select((label, i) => new
        {
            type = "scatter", mode = "lines", name = label, x = times, y = prediction.Timeline.Select(c => c.Probabilities[i]),
        });
        var layout = new
        {
            title = new { text = $"Genre over time: {Path.GetFileName(prediction.File)} (overall: {prediction.TopLabel})" },
            xaxis = new { title = new { text = "time (s, window centre)" } },
            yaxis = new { title = new { text = "probability" }, range = new[] { 0, 1 } },
        };
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(Path.GetFileName(prediction.File)) +
               "</title><style>body{font-family:system-ui,sans-serif;margin:2em}#timeline{width:100%;max-width:1100px;height:520px}</style><script>" +
               PlotlyScript.Source + "</script></head><body>" +
               $"<p>Model {WebUtility.HtmlEncode(modelName)} · {prediction.Clips.Count} windows{(prediction.Steps.Count > 0 ? $", {prediction.Steps.Count} time steps (the model's own per-step output)" : "")}</p><div id=\"timeline\"></div><script>" +
               $"Plotly.newPlot(\"timeline\", {JsonSerializer.Serialize(traces)}, {JsonSerializer.Serialize(layout)}, {{\"responsive\":true,\"displaylogo\":false}});" +
               "</script></body></html>";
    }
}
