using System.ComponentModel;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Core.Models;
using MlNetGenre.Experiments.Plan;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre run &lt;spec&gt;</c>: runs an experiment (resuming finished trials) and prints the path of its report.
/// On a cluster each step runs on its own: <c>--features-only</c> and <c>--trials-only</c> take one shard
/// (<c>--shard i/N</c>, or the Slurm array task), <c>--report-only</c> reports the stored trials.
/// </summary>
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

        [CommandOption("--shard <I/N>")]
        [Description("With --features-only or --trials-only: do slice I of N (0-based) of the tracks or trials; default: the Slurm array task (SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT), else all")]
        public string? Shard { get; init; }

        [CommandOption("--features-only")]
        [Description("Only extract (and cache) the features of this shard's tracks")]
        public bool FeaturesOnly { get; init; }

        [CommandOption("--trials-only")]
        [Description("Only compute and store this shard's trials; no report")]
        public bool TrialsOnly { get; init; }

        [CommandOption("--report-only")]
        [Description("Only write the report from the stored trials; missing trials are reported as failed")]
        public bool ReportOnly { get; init; }

        public override ValidationResult Validate()
        {
            if (new[] { FeaturesOnly, TrialsOnly, ReportOnly }.Count(x => x) > 1)
                return ValidationResult.Error("--features-only, --trials-only and --report-only are separate steps; give one of them");
            if (Shard is not null && !FeaturesOnly && !TrialsOnly)
                return ValidationResult.Error("--shard applies to --features-only or --trials-only");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var plan = settings.ReadPlan(settings.Output);
        if (settings.Device is { } device) plan = plan with { Device = device };
        var runner = new ExperimentRunner(new ConsoleRunLog());
        var options = new ExperimentRunner.Options(settings.Only, settings.ReportOnly);
        if (settings.FeaturesOnly || settings.TrialsOnly)
        {
            var shard = settings.Shard is { } text ? Running.Shard.Parse(text) : Running.Shard.FromSlurmEnvironment() ?? new Running.Shard(0, 1);
            if (settings.FeaturesOnly)
            {
                int tracks = runner.ExtractFeatures(plan, options, shard, cancellation);
                AnsiConsole.MarkupLine($"[green]Done[/]: features of {tracks} track(s), shard {shard}.");
                return 0;
            }
            var computed = runner.ComputeTrials(plan, options, shard, cancellation);
            int failedHere = computed.Count(t => t.Status == TrialResult.Failed);
            AnsiConsole.MarkupLine($"[green]Done[/]: {computed.Count} trial(s) of shard {shard}, {failedHere} failed.");
            return failedHere > 0 ? 3 : 0;
        }
        var run = runner.Run(plan, options, cancellation);
        int failed = run.Trials.Count(t => t.Status == TrialResult.Failed);
        if (failed > 0) AnsiConsole.MarkupLine($"[yellow]{failed} trial(s) failed[/]; see the report.");
        AnsiConsole.MarkupLine($"[green]Done[/] in {run.WallSeconds:F1} s. Report: {Markup.Escape(Path.Combine(run.RunDirectory, RunReports.HtmlFile))}");
        return failed > 0 ? 3 : 0;
    }
}
