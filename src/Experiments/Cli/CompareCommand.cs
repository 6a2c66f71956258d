using System.ComponentModel;
using System.Globalization;
using MlNetGenre.Experiments.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary><c>mlnetgenre compare &lt;run-dir&gt;...</c>: one table with every model of every run side by side.</summary>
public sealed class CompareCommand : Command<CompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<run-dir>")]
        [Description("Two or more run folders")]
        public string[] RunDirectories { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var table = new Table().AddColumns("run", "model", "family", "features", "trials", "accuracy", "95% CI", "macro-F1", "macro AUC", "fit (s)");
        foreach (string folder in settings.RunDirectories)
        {
            var run = RunReports.Load(folder);
            foreach (var m in run.Models)
            {
                string F(double v) => double.IsNaN(v) ? "—" : v.ToString("F3", CultureInfo.InvariantCulture);
                table.AddRow(Markup.Escape($"{run.Experiment}/{run.RunId}"), Markup.Escape(m.Model), Markup.Escape(m.Family), Markup.Escape(m.Features),
                    m.Trials.ToString(CultureInfo.InvariantCulture),
                    m.Accuracy.Count > 1 ? $"{F(m.Accuracy.Mean)} ± {F(m.Accuracy.StandardDeviation)}" : F(m.Accuracy.Mean),
                    m.Accuracy.Count > 1 ? $"[{F(m.Accuracy.Low)}, {F(m.Accuracy.High)}]" : "—",
                    F(m.MacroF1.Mean), F(m.MacroAuc.Mean), m.MeanFitSeconds.ToString("F2", CultureInfo.InvariantCulture));
            }
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
