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
        if (run.Reference is { } reference)
        {
            AddPublished(columns, reference, "accuracy", m => m.Accuracy, f => f.Accuracy);
            AddPublished(columns, reference, "macro-F1", m => m.MacroF1, f => f.MacroF1);
            AddPublished(columns, reference, "macro AUC", m => m.MacroAuc, f => f.MacroAuc);
        }
        if (run.Clips) columns.Add(new("track accuracy", true, m => PlusMinus(m.TrackAccuracy!)));
        columns.Add(new("fit (s)", true, m => m.MeanFitSeconds.ToString("F2", CultureInfo.InvariantCulture)));
        columns.Add(new("p vs best", true, m => m.VersusBest is null ? "best" : Number(m.VersusBest.PValue)));
        return columns;
    }

    /// <summary>
    /// Three columns for a metric the source publishes for some model: its figure, ours minus it, and whether it lies
    /// inside our 95% interval (— where the source gives none or we have no interval).
    /// </summary>
    private static void AddPublished(List<Column> columns, Plan.ReferenceFigures reference, string metric, Func<ModelSummary, Spread> ours,
        Func<Plan.PublishedFigures, double?> published)
    {
        if (!reference.Models.Values.Any(f => published(f) is not null)) return;
        double? Of(ModelSummary m) => reference.Models.TryGetValue(m.Model, out var f) ? published(f) : null;
        columns.Add(new($"published {metric}", true, m => Of(m) is { } p ? Number(p) : "—"));
        columns.Add(new($"ours − published", true, m => Of(m) is { } p && !double.IsNaN(ours(m).Mean)
            ? (ours(m).Mean - p).ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture) : "—"));
        columns.Add(new("published in our CI", false, m => Of(m) is { } p && ours(m).Count > 1 ? (ours(m).Low <= p && p <= ours(m).High ? "yes" : "no") : "—"));
    }

    /// <summary>What the table's numbers are (spread, interval, paired test) and any warning about them, for under the table.</summary>
    public static IReadOnlyList<string> Notes(RunResult run)
    {
        var notes = new List<string>();
        if (!run.Grouped)
            notes.Add("WARNING: split.group_by is none, so clips of one track can be in both training and test: these scores are optimistic (leakage), not comparable to grouped results.");
        int trials = run.Models.Count == 0 ? 0 : run.Models.Max(m => m.Trials);
        notes.Add(trials > 1
            ? $"Metrics are the mean ± standard deviation over {trials} trials; {run.Resampling?.IntervalDescription ?? "95% t intervals of the mean"}."
            : "One trial per model: no spread or interval is available (use split.repeats or kfold for them).");
        if (run.Resampling is { } design && run.Models.Any(m => m.VersusBest is not null))
            notes.Add(PairedComparison.Describe(design) + ".");
        if (run.Reference is { } reference)
            notes.Add($"Published figures: {reference.Source}.");
        return notes;
    }

    /// <summary>How many leading columns name the model (kept for a failed model; the rest become its error).</summary>
    public const int NamingColumns = 3;

    public static string Number(double value) => double.IsNaN(value) ? "—" : value.ToString("F3", CultureInfo.InvariantCulture);
    public static string PlusMinus(Spread s) => s.Count > 1 ? $"{Number(s.Mean)} ± {Number(s.StandardDeviation)}" : Number(s.Mean);
    public static string Interval(Spread s) => s.Count > 1 ? $"[{Number(s.Low)}, {Number(s.High)}]" : "—";
}
