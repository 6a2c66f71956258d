using System.ComponentModel;
using System.Reflection;
using MlNetGenre.Experiments.Cluster;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre slurm &lt;spec&gt;</c>: writes the sbatch scripts of a cluster run (features, trials, report as
/// dependent jobs) into <c>&lt;output&gt;/&lt;experiment&gt;/slurm-&lt;time&gt;/</c>, and with <c>--submit</c> submits them.
/// </summary>
public sealed class SlurmCommand : Command<SlurmCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--output <DIR>")]
        [Description("Folder for run outputs on the shared filesystem (default: the spec's output:)")]
        public string? Output { get; init; }

        [CommandOption("--tasks <N>")]
        [Description("Array tasks of the feature and trial steps (default 4)")]
        public int Tasks { get; init; } = 4;

        [CommandOption("--max-parallel <K>")]
        [Description("At most K tasks of an array at once (sbatch --array=...%K)")]
        public int? MaxParallel { get; init; }

        [CommandOption("--partition <P>")]
        public string? Partition { get; init; }

        [CommandOption("--time <HH:MM:SS>")]
        [Description("Time limit per task; a task stopped by it resumes when requeued or resubmitted")]
        public string? Time { get; init; }

        [CommandOption("--cpus-per-task <N>")]
        public int CpusPerTask { get; init; } = 1;

        [CommandOption("--mem <M>")]
        [Description("Memory per task, as sbatch takes it (e.g. 8G)")]
        public string? Memory { get; init; }

        [CommandOption("--gpus-per-deep-trial <N>")]
        [Description("GPUs for each trial task when the spec has deep models (default 0)")]
        public int GpusPerDeepTrial { get; init; }

        [CommandOption("--submit")]
        [Description("Submit the scripts with sbatch and print the job ids")]
        public bool Submit { get; init; }

        public override ValidationResult Validate() =>
            Tasks < 1 ? ValidationResult.Error("--tasks must be at least 1")
            : MaxParallel < 1 ? ValidationResult.Error("--max-parallel must be at least 1")
            : CpusPerTask < 1 ? ValidationResult.Error("--cpus-per-task must be at least 1")
            : GpusPerDeepTrial < 0 ? ValidationResult.Error("--gpus-per-deep-trial cannot be negative")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var plan = settings.ReadPlan(settings.Output);
        var request = new SlurmJob.Request(Path.GetFullPath(settings.Spec), settings.DatasetRoot is null ? null : Path.GetFullPath(settings.DatasetRoot),
            Path.GetFullPath(plan.OutputRoot), settings.Tasks, settings.MaxParallel, settings.Partition, settings.Time, settings.CpusPerTask,
            settings.Memory, settings.GpusPerDeepTrial, Launcher());
        string folder = SlurmJob.FolderOf(request.Output, plan.Name, DateTimeOffset.Now);
        var scripts = SlurmJob.Write(folder, request, plan);
        AnsiConsole.MarkupLine($"Wrote {scripts.Count} scripts to {Markup.Escape(folder)}");
        if (!settings.Submit)
        {
            AnsiConsole.MarkupLine("Submit them in order (or run this command with --submit):");
            AnsiConsole.WriteLine($"  a=$(sbatch --parsable {scripts[0]}); b=$(sbatch --parsable --dependency=afterok:$a {scripts[1]}); sbatch --dependency=afterany:$b {scripts[2]}");
            return 0;
        }
        var ids = SlurmJob.Submit(folder);
        AnsiConsole.MarkupLine($"[green]Submitted[/]: features {ids[0]}, trials {ids[1]}, report {ids[2]}. Follow with: mlnetgenre status {Markup.Escape(folder)}");
        return 0;
    }

    /// <summary>How a task starts this same program: its own executable, or <c>dotnet &lt;dll&gt;</c> when run through the dotnet host.</summary>
    private static IReadOnlyList<string> Launcher()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, Assembly.GetEntryAssembly()!.Location] : [process];
    }
}
