using System.ComponentModel;
using System.Globalization;
using MlNetGenre.Experiments.Cluster;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre status &lt;slurm-folder|spec&gt;</c>: how many trials of each model are done, running (locked by a live
/// process), failed or missing, read from the trial store without waiting for anything; works while an array runs.
/// </summary>
public sealed class StatusCommand : Command<StatusCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<target>")]
        [Description("A folder written by `mlnetgenre slurm`, or the experiment YAML")]
        public string Target { get; init; } = "";

        [CommandOption("--dataset-root <DIR>")]
        public string? DatasetRoot { get; init; }

        [CommandOption("--output <DIR>")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        string experimentRoot;
        if (Directory.Exists(settings.Target))
        {
            var record = SlurmJob.Load(settings.Target);
            experimentRoot = Path.Combine(record.Request.Output, record.Experiment);
            if (record.JobIds.Count > 0) AnsiConsole.MarkupLine($"Slurm jobs: features {record.JobIds[0]}, trials {record.JobIds[1]}, report {record.JobIds[2]}");
        }
        else
        {
            var plan = PlanReader.ReadFile(settings.Target, settings.DatasetRoot, settings.Output);
            experimentRoot = Path.Combine(plan.OutputRoot, plan.Name);
        }
        var store = new TrialStore(Path.Combine(experimentRoot, ".trials"));
        var planned = store.LoadPlan();
        if (planned is null)
        {
            AnsiConsole.MarkupLine($"No trials planned yet in {Markup.Escape(store.Root)}: the features step is still running, or no trial step has started.");
            return 0;
        }
        var states = planned.Select(t => (Trial: t, State: store.StateOf(t.Key))).ToList();
        var table = new Table().AddColumns("model", "done", "running", "failed", "missing");
        foreach (var model in states.GroupBy(s => s.Trial.Model))
            table.AddRow([Markup.Escape(model.Key), .. Enum.GetValues<TrialState>().Select(state => model.Count(s => s.State == state).ToString(CultureInfo.InvariantCulture))]);
        AnsiConsole.Write(table);
        foreach (var (trial, _) in states.Where(s => s.State == TrialState.Failed))
            if (store.TryLoadFailure(trial.Key, out var failure))
                AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(trial.Model)} [[{Markup.Escape(trial.Split)}]]: {Markup.Escape(failure.Error ?? "")}");
        int done = states.Count(s => s.State == TrialState.Done);
        AnsiConsole.MarkupLine($"{done} of {states.Count} trials done.");
        return 0;
    }
}
