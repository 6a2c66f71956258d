using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Features.Audio;
using MlNetGenre.Experiments.Prediction;
using Spectre.Console;
using Spectre.Console.Cli;
using MlNetGenre.Core.IO;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre predict &lt;model.onnx&gt; &lt;file-or-folder&gt;...</c>: classifies new audio with an exported model
/// alone, applying the front-end stored in its metadata. A file that cannot be used is reported and the others go on.
/// </summary>
public sealed class PredictCommand : Command<PredictCommand.Settings>
{

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<model>")]
        [Description("An ONNX model exported by mlnetgenre run (models/<name>.onnx)")]
        public string Model { get; init; } = "";

        [CommandArgument(1, "<inputs>")]
        [Description("Audio files or folders (searched recursively)")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or csv")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        [CommandOption("--timeline")]
        [Description("Also write genre probabilities over time per file (CSV and offline HTML plot)")]
        public bool Timeline { get; init; }

        [CommandOption("--hop <SECONDS>")]
        [Description("Hop between windows (default: the model's clip hop)")]
        public double? Hop { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder for timeline files (default: timeline)")]
        [DefaultValue("timeline")]
        public string Out { get; init; } = "timeline";

        public override ValidationResult Validate() => Format is "table" or "json" or "csv"
            ? ValidationResult.Success() : ValidationResult.Error("--format must be table, json or csv");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var files = settings.Inputs.SelectMany(Expand).ToList();
        // Starting ONNX Runtime (native library, session) takes a while: meanwhile the first file is decoded and its
        // features extracted by the front end read from the model's metadata alone. Errors surface where they did.
        var opening = Task.Run(() => GenrePredictor.Open(settings.Model), cancellation);
        var firstTrack = files.Count > 0 ? Task.Run(() => Prepare(PredictionFrontEnd.Read(settings.Model), files[0], settings.Hop, cancellation), cancellation) : null;
        using var predictor = opening.GetAwaiter().GetResult();
        var results = new List<TrackPrediction>();
        var errors = new List<string>();
        for (int i = 0; i < files.Count; i++)
        {
            string file = files[i];
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var prepared = i == 0 ? firstTrack!.GetAwaiter().GetResult() : Prepare(predictor.Front, file, settings.Hop, cancellation);
                var prediction = predictor.Predict(prepared);
                results.Add(prediction);
                if (settings.Timeline) WriteTimeline(prediction, settings);
            }
            catch (AudioDecodeException e)
            {
                errors.Add(e.Message);
            }
        }
        Print(results, predictor.Labels, settings.Format);
        foreach (string error in errors) Console.Error.WriteLine("error: " + error);
        if (files.Count == 0) Console.Error.WriteLine("error: no audio files found in " + string.Join(", ", settings.Inputs));
        return errors.Count > 0 || files.Count == 0 ? 2 : 0;
    }

    private static PreparedTrack Prepare(PredictionFrontEnd front, string file, double? hop, CancellationToken cancellation) =>
        front.Prepare(file, AudioLoader.Load(file, front.SampleRate, cancellation), hop);

    private static IEnumerable<string> Expand(string input) => Directory.Exists(input) ? AudioFileSearch.Under(input) : [input];

    private static void WriteTimeline(TrackPrediction prediction, Settings settings)
    {
        string stem = Path.Combine(settings.Out, Path.GetFileNameWithoutExtension(prediction.File));
        AtomicFile.WriteAllText(stem + ".timeline.csv", TimelineReport.Csv(prediction));
        AtomicFile.WriteAllText(stem + ".timeline.html", TimelineReport.Html(prediction, Path.GetFileName(settings.Model)));
    }

    private static void Print(IReadOnlyList<TrackPrediction> results, IReadOnlyList<string> labels, string format)
    {
        string P(float p) => p.ToString("0.000", CultureInfo.InvariantCulture);
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(results.Select(r => new
                {
                    file = r.File,
                    genre = r.TopLabel,
                    probabilities = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => r.Probabilities[x.i]),
                    clips = r.Clips.Count,
                }), new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "csv":
                Console.WriteLine("file,genre," + string.Join(",", labels.Select(l => PredictionsCsv.Escape("p_" + l))));
                foreach (var r in results)
                    Console.WriteLine($"{PredictionsCsv.Escape(r.File)},{PredictionsCsv.Escape(r.TopLabel)}," + string.Join(",", r.Probabilities.Select(P)));
                break;
            default:
                // Plain aligned columns: a rendered table costs a tenth of this command's start-up in JIT alone.
                string[] header = ["file", "genre", "clips", .. labels];
                var rows = results.Select(r => (string[])[r.File, r.TopLabel, r.Clips.Count.ToString(CultureInfo.InvariantCulture), .. r.Probabilities.Select(P)]).ToList();
                int[] widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
                string Line(string[] cells) => string.Join("  ", cells.Select((text, c) => c < 2 ? text.PadRight(widths[c]) : text.PadLeft(widths[c]))).TrimEnd();
                Console.WriteLine(Line(header));
                Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
                foreach (var row in rows) Console.WriteLine(Line(row));
                break;
        }
    }
}
