using System.ComponentModel;
using MlNetGenre.Features.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary><c>mlnetgenre synth &lt;dir&gt;</c>: writes the synthetic genre dataset as WAV files in the GTZAN layout.</summary>
public sealed class SynthCommand : Command<SynthCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dir>")]
        [Description("Output folder; files land in <dir>/<genre>/<genre>.000NN.wav")]
        public string Directory { get; init; } = "";

        [CommandOption("--genres <N>")]
        [DefaultValue(5)]
        public int Genres { get; init; } = 5;

        [CommandOption("--tracks-per-genre <M>")]
        [DefaultValue(10)]
        public int TracksPerGenre { get; init; } = 10;

        [CommandOption("--seconds <S>")]
        [DefaultValue(30.0)]
        public double Seconds { get; init; } = 30;

        [CommandOption("--seed <K>")]
        [DefaultValue(42)]
        public int Seed { get; init; } = 42;

        [CommandOption("--sample-rate <HZ>")]
        [DefaultValue(22050)]
        public int SampleRate { get; init; } = 22050;

        public override ValidationResult Validate()
        {
            if (Genres < 1 || TracksPerGenre < 1) return ValidationResult.Error("--genres and --tracks-per-genre must be at least 1");
            if (Seconds <= 0) return ValidationResult.Error("--seconds must be positive");
            if (SampleRate < 4000) return ValidationResult.Error("--sample-rate must be at least 4000");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        int total = settings.Genres * settings.TracksPerGenre;
        var log = new ConsoleRunLog();
        int written;
        using (var stage = log.Stage($"Writing {total} synthetic tracks to {settings.Directory}", total))
        {
            written = SyntheticDatasetWriter.Write(settings.Directory, settings.Genres, settings.TracksPerGenre, settings.Seconds,
                settings.Seed, settings.SampleRate, new Progress<int>(_ => stage.Advance()));
        }
        AnsiConsole.MarkupLine($"[green]Wrote {written} files[/] to {Markup.Escape(Path.GetFullPath(settings.Directory))}");
        return 0;
    }
}
