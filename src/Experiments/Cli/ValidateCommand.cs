using MlNetGenre.Experiments.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre validate &lt;spec&gt;</c>: resolves everything (dataset, features, split plan) without training and
/// prints tracks and items per class and split part, and the list of trials a run would execute.
/// </summary>
public sealed class ValidateCommand : Command<SpecSettings>
{
    public override int Execute(CommandContext context, SpecSettings settings, CancellationToken cancellation)
    {
        var experiment = settings.ReadPlan();
        var log = new ConsoleRunLog();
        var prepared = PreparedData.Load(experiment, experiment.Models, log, cancellation);
        var table = prepared.Tables.Values.First();
        AnsiConsole.MarkupLine($"[green]{Markup.Escape(experiment.SourceFile)} is valid.[/] Split: {Markup.Escape(experiment.Split.Describe())}");
        foreach (var plan in prepared.Splits)
        {
            var grid = new Table().Title($"split {plan.Key} (seed {plan.Seed})").AddColumn("class");
            foreach (string part in new[] { "train", "validation", "test" }) grid.AddColumn(new TableColumn($"{part} tracks / items").RightAligned());
            for (int c = 0; c < table.ClassNames.Count; c++)
            {
                string Count(IReadOnlyList<int> positions)
                {
                    var mine = positions.Where(i => table.ClassIndex[i] == c).ToArray();
                    return $"{mine.Select(i => table.TrackIds[i]).Distinct().Count()} / {mine.Length}";
                }
                grid.AddRow(Markup.Escape(table.ClassNames[c]), Count(plan.Train), Count(plan.Validation), Count(plan.Test));
            }
            AnsiConsole.Write(grid);
        }
        AnsiConsole.MarkupLine($"{prepared.Splits.Count * experiment.Models.Count} trial(s):");
        foreach (var plan in prepared.Splits)
        foreach (var model in experiment.Models)
        {
            string search = model.HasGrid ? $", grid of {model.Candidates.Count} candidates x {model.Cv.Folds}-fold CV" : "";
            AnsiConsole.MarkupLine(Markup.Escape($"  {plan.Key}: {model.Name} ({model.Family.Name} on {model.Features.Name}{search})"));
        }
        return 0;
    }
}
