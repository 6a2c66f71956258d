using System.Globalization;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// The columns of the per-model results table, written once for every report that shows it (report.html,
/// summary.md): header, whether the cell is a number (right-aligned), and the cell's plain text.
/// </summary>
public static class ResultColumns
{
    public sealed record Column(string Header, bool Numeric, Func<ModelSummary, string> Cell);

    public static IReadOnlyList<Column> For(RunResult run)
    {
        var columns = new List<Column>
        {
            new("model", false, m => m.Model),
            new("family", false, m => m.Family),
            new("features", false, m => m.Features),
            new("trials", true, m => m.Trials + (m.FailedTrials > 0 ? $" (+{m.FailedTrials} failed)" : "")),
            new("accuracy", true, m => PlusMinus(m.Accuracy)),
            new("95% CI", true, m => Interval(m.Accuracy)),
            new("macro-F1", true, m => PlusMinus(m.MacroF1)),
            new("macro AUC", true, m => Number(m.MacroAuc.Mean)),
            new("log loss", true, m => Number(m.LogLoss.Mean)),
        };
        if (run.Clips) columns.Add(new("track accuracy", true, m => PlusMinus(m.TrackAccuracy!)));
        columns.Add(new("fit (s)", true, m => m.MeanFitSeconds.ToString("F2", CultureInfo.InvariantCulture)));
        columns.Add(new("McNemar p vs best", true, m => m.VersusBest is null ? "best" : Number(m.VersusBest.PValue)));
        return columns;
    }

    /// <summary>How many leading columns name the model (kept for a failed model; the rest become its error).</summary>
    public const int NamingColumns = 3;

    public static string Number(double value) => double.IsNaN(value) ? "—" : value.ToString("F3", CultureInfo.InvariantCulture);
    public static string PlusMinus(Spread s) => s.Count > 1 ? $"{Number(s.Mean)} ± {Number(s.StandardDeviation)}" : Number(s.Mean);
    public static string Interval(Spread s) => s.Count > 1 ? $"[{Number(s.Low)}, {Number(s.High)}]" : "—";
}
