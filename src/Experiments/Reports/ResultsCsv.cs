using System.Globalization;
using System.Text;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>results.csv: one row per trial (model x split) with its test metrics and timings.</summary>
public static class ResultsCsv
{
    public static string Render(RunResult run)
    {
        var csv = new StringBuilder("model,family,features,split,seed,status,accuracy,macro_f1,macro_auc,log_loss,fit_seconds,score_seconds,test_items,parameters\n");
        foreach (var t in run.Trials)
        {
            var e = t.Predictions.Count == 0 ? null : Evaluation.Evaluation.Of(t.Predictions.Select(p => p.Truth).ToArray(),
                t.Predictions.Select(p => p.Probabilities).ToArray(), run.ClassNames.Count);
            string[] fields =
            [
                t.Model, t.Family, t.Features, t.Key, I(t.Seed), t.Status,
                N(e?.Classification.Accuracy), N(e?.Classification.MacroF1), N(e?.MacroAuc), N(e?.LogLoss),
                N(t.FitSeconds), N(t.ScoreSeconds), I(t.Predictions.Count), t.Parameters,
            ];
            csv.AppendLine(string.Join(",", fields.Select(PredictionsCsv.Escape)));
        }
        return csv.ToString();
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string N(double? value) => value is double v && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
