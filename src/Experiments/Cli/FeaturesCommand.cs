using System.ComponentModel;
using System.Globalization;
using System.Text;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Core.Data;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;
using Spectre.Console;
using Spectre.Console.Cli;
using MlNetGenre.Core.IO;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre features &lt;dataset-dir&gt; --set seed001 --out features.csv</c>: extracts a vector feature set from
/// every track of a folder dataset (in parallel, with progress) into a CSV that the features-csv dataset kind reads.
/// </summary>
public sealed class FeaturesCommand : Command<FeaturesCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dataset-dir>")]
        [Description("A folder with one sub-folder of audio files per label (GTZAN layout)")]
        public string DatasetDirectory { get; init; } = "";

        [CommandOption("--set <SET>")]
        [Description("Vector feature set to extract, e.g. mfcc or seed001")]
        [DefaultValue("mfcc")]
        public string Set { get; init; } = "mfcc";

        [CommandOption("--out <FILE>")]
        [Description("CSV file to write (filename,label,features...)")]
        [DefaultValue("features.csv")]
        public string Out { get; init; } = "features.csv";

        [CommandOption("--sample-rate <HZ>")]
        [Description("Rate the audio must have (default 22050)")]
        [DefaultValue(22050)]
        public int SampleRate { get; init; } = 22050;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (!FeatureSetKinds.Registry.TryGet(settings.Set, out var kind) || kind.IsMatrix)
            throw new ArgumentException($"--set must be a vector feature set: {string.Join(", ", FeatureSetKinds.Registry.All.Where(k => !k.IsMatrix).Select(k => k.Name))}");
        var feature = new FeaturePlan(settings.Set, kind, kind.DefaultOptions);
        var audio = new AudioPlan(settings.SampleRate, 0, 0, Remainder.Drop, 0.5, null);
        var dataset = new FolderDataset(settings.DatasetDirectory, settings.SampleRate);
        var log = new ConsoleRunLog();
        var result = FeatureExtractionStage.Run(dataset, [feature], audio, BadFilePolicy.Skip, log, cancellation);
        var table = result.Tables[settings.Set];
        var csv = new StringBuilder("filename,label," + string.Join(",", table.FeatureNames.Select(PredictionsCsv.Escape)) + "\n");
        for (int i = 0; i < table.Count; i++)
        {
            csv.Append(PredictionsCsv.Escape(Path.GetFileName(table.TrackIds[i]))).Append(',').Append(PredictionsCsv.Escape(table.ClassNames[table.ClassIndex[i]]));
            foreach (float v in table.Rows[i]) csv.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        AtomicFile.WriteAllText(settings.Out, csv.ToString());
        AnsiConsole.MarkupLine($"[green]Wrote {table.Count} rows[/] x {table.FeatureNames.Count} features to {Markup.Escape(Path.GetFullPath(settings.Out))}" +
                               (result.BadFiles.Count > 0 ? $"; skipped {result.BadFiles.Count} file(s)" : ""));
        return 0;
    }
}
