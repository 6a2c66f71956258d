using System.Globalization;
using System.Text;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>predictions.csv: one row per model, split and test item, with the ONNX Runtime probability of every class.</summary>
public static class PredictionsCsv
{
    public static string Render(RunResult run)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "model", "split", "item", "track", "truth", "predicted" }
            .Concat(run.ClassNames.Select(c => Escape("p_" + c)))));
        foreach (var trial in run.Trials)
        foreach (var p in trial.Predictions)
        {
            csv.Append(Escape(trial.Model)).Append(',').Append(trial.Key).Append(',').Append(Escape(p.Item)).Append(',').Append(Escape(p.Track)).Append(',')
                .Append(Escape(run.ClassNames[p.Truth])).Append(',').Append(Escape(run.ClassNames[p.Predicted]));
            foreach (float probability in p.Probabilities)
                csv.Append(',').Append(probability.ToString("R", CultureInfo.InvariantCulture));
            csv.AppendLine();
        }
        return csv.ToString();
    }

    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
