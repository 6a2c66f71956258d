using System.ComponentModel;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary><c>mlnetgenre run &lt;spec&gt;</c>: runs an experiment and prints the path of its report.</summary>
public sealed class RunCommand : Command<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<spec>")]
        [Description("Experiment YAML file, e.g. experiments/quickstart.yaml")]
        public string Spec { get; init; } = "";

        [CommandOption("--output <DIR>")]
        [Description("Folder for run outputs (default: the spec's output:, usually artifacts)")]
        public string? Output { get; init; }

        [CommandOption("--dataset-root <DIR>")]
        [Description("Use this folder instead of the spec's dataset path")]
        public string? DatasetRoot { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("Where ONNX Runtime scores: auto, cpu or cuda (default cpu)")]
        [DefaultValue(OnnxDevice.Cpu)]
        public OnnxDevice Device { get; init; } = OnnxDevice.Cpu;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var spec = SpecReader.ReadFile(settings.Spec);
        var run = new ExperimentRunner(new ConsoleRunLog())
            .Run(spec, new ExperimentRunner.Options(settings.Output, settings.DatasetRoot, settings.Device), cancellation);
        AnsiConsole.MarkupLine($"[green]Done[/] in {run.WallSeconds:F1} s. Report: {Markup.Escape(Path.Combine(run.RunDirectory, RunReports.HtmlFile))}");
        return run.Models.Any(m => m.Status == ModelResult.Failed) ? 3 : 0;
    }
}
