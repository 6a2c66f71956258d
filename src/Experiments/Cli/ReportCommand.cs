using System.ComponentModel;
using MlNetGenre.Experiments.Reports;

using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary><c>mlnetgenre report &lt;run-dir&gt;</c>: renders a finished run's reports again from its run.json.</summary>
public sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<run-dir>")]
        [Description("A run folder, e.g. artifacts/quickstart/20261128-120000")]
        public string RunDirectory { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var run = RunReports.Load(settings.RunDirectory);
        RunReports.Render(run, settings.RunDirectory, run.Formats);
        AnsiConsole.MarkupLine($"[green]Rendered[/] {Markup.Escape(Path.Combine(Path.GetFullPath(settings.RunDirectory), RunReports.HtmlFile))}");
        return 0;
    }
}
