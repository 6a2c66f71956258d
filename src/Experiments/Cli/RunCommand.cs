using System.ComponentModel;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Core.Models;
using MlNetGenre.Experiments.Plan;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary><c>mlnetgenre run &lt;spec&gt;</c>: runs an experiment (resuming finished trials) and prints the path of its report.</summary>
public sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--only <MODEL>")]
        [Description("Run only this model (repeat the option for several)")]
        public string[] Only { get; init; } = [];

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu or cuda: where ONNX Runtime scores and deep models train (default: the spec's scoring.device)")]
        public ComputeDevice? Device { get; init; }

        [CommandOption("--output <DIR>")]
        [Description("Folder for run outputs (default: the spec's output:, usually artifacts)")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var plan = settings.ReadPlan(settings.Output);
        if (settings.Device is { } device) plan = plan with { Device = device };
        var run = new ExperimentRunner(new ConsoleRunLog()).Run(plan, new ExperimentRunner.Options(settings.Only), cancellation);
        int failed = run.Trials.Count(t => t.Status == TrialResult.Failed);
        if (failed > 0) AnsiConsole.MarkupLine($"[yellow]{failed} trial(s) failed[/]; see the report.");
        AnsiConsole.MarkupLine($"[green]Done[/] in {run.WallSeconds:F1} s. Report: {Markup.Escape(Path.Combine(run.RunDirectory, RunReports.HtmlFile))}");
        return failed > 0 ? 3 : 0;
    }
}
