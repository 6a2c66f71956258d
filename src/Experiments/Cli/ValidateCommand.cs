using System.ComponentModel;
using MlNetGenre.Experiments.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre validate &lt;spec&gt; [--count-items]</c>: resolves everything (dataset, features, split plan) without
/// training and prints tracks per class and split part, and the list of trials a run would execute. It reads no audio
/// (the split is planned from the track list, as the run plans it); <c>--count-items</c> extracts the features too,
/// to count the items (clips) and find unreadable files.
/// </summary>
public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--count-items")]
        [Description("Also extract the features (reads every audio file, fills the feature cache) to count items per class and find unreadable files")]
        public bool CountItems { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var experiment = settings.ReadPlan();
        var log = new ConsoleRunLog();
        var prepared = settings.CountItems
            ? PreparedData.Load(experiment, experiment.Models, log, cancellation)
            : PreparedData.PlanFromTrackList(experiment, experiment.Models, log, cancellation);
        var table = prepared.Tables.Values.First();
        bool itemsCounted = prepared.Fingerprint.Length > 0; // a track-list plan knows tracks, not their clips
        AnsiConsole.MarkupLine($"[green]{Markup.Escape(experiment.SourceFile)} is valid.[/] Split: {Markup.Escape(experiment.Split.Describe())}");
        foreach (var plan in prepared.Splits)
        {
            var grid = new Table().Title($"split {plan.Key} (seed {plan.Seed})").AddColumn("class");
            foreach (string part in new[] { "train", "validation", "test" })
                grid.AddColumn(new TableColumn(itemsCounted ? $"{part} tracks / items" : $"{part} tracks").RightAligned());
            for (int c = 0; c < table.ClassNames.Count; c++)
            {
                string Count(IReadOnlyList<int> positions)
                {
                    var mine = positions.Where(i => table.ClassIndex[i] == c).ToArray();
                    int tracks = mine.Select(i => table.TrackIds[i]).Distinct().Count();
                    return itemsCounted ? $"{tracks} / {mine.Length}" : $"{tracks}";
                }
                grid.AddRow(Markup.Escape(table.ClassNames[c]), Count(plan.Train), Count(plan.Validation), Count(plan.Test));
            }
            AnsiConsole.Write(grid);
        }
        if (!itemsCounted) AnsiConsole.MarkupLine("No audio was read; `validate --count-items` extracts the features to count clips and find unreadable files.");
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
