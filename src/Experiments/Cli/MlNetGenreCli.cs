using System.Runtime.InteropServices;
using MlNetGenre.Core.IO;
using MlNetGenre.Core.Spec;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>The <c>mlnetgenre</c> command line. Known errors print one clear line (no stack trace) and exit 1.</summary>
public static class MlNetGenreCli
{
    public static int Run(string[] args)
    {
        // Redirected output (CI, logs, pipes): no wrapping at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 400;
        using var cancellation = new CancellationTokenSource();
        bool terminated = false;
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl-C: stop after the current step and exit cleanly; a second one kills the process.
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            AnsiConsole.MarkupLine("[yellow]Stopping after the current step (Ctrl-C again to abort at once)...[/]");
            cancellation.Cancel();
        };
        // SIGTERM (kill, Slurm's time limit, systemd stop) is handled like Ctrl-C: stop after the current step, exit 143.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            if (cancellation.IsCancellationRequested) return;
            context.Cancel = true;
            AnsiConsole.MarkupLine("[yellow]Terminated: stopping after the current step...[/]");
            terminated = true;
            cancellation.Cancel();
        });
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("mlnetgenre");
            config.AddCommand<RunCommand>("run").WithDescription("Run an experiment YAML end to end and write its report")
                .WithExample("run", "experiments/quickstart.yaml");
            config.AddCommand<SlurmCommand>("slurm").WithDescription("Write (and with --submit, submit) a run as Slurm jobs: feature and trial arrays, then the report")
                .WithExample("slurm", "experiments/quickstart.yaml", "--tasks", "4", "--submit");
            config.AddCommand<StatusCommand>("status").WithDescription("Trials done, running, failed and missing per model, from the trial store")
                .WithExample("status", "artifacts/quickstart/slurm-20261202-120000");
            config.AddCommand<ValidateCommand>("validate").WithDescription("Check an experiment YAML and show its data, split and trials without training")
                .WithExample("validate", "experiments/quickstart.yaml");
            config.AddCommand<FeaturesCommand>("features").WithDescription("Extract a feature set from a folder dataset into a CSV (features-csv)")
                .WithExample("features", "data/gtzan", "--set", "seed001", "--out", "gtzan-seed001.csv");
            config.AddCommand<PredictCommand>("predict").WithDescription("Classify audio files with an exported ONNX model (per file, or over time with --timeline)")
                .WithExample("predict", "artifacts/quickstart/<run-id>/models/logreg-r0-f0.onnx", "song.wav", "--timeline");
            config.AddCommand<ExportCommand>("export").WithDescription("Write a model with its feature front end inside the ONNX graph (audio in, genre out)")
                .WithExample("export", "artifacts/quickstart/<run-id>/models/logreg-r0-f0.onnx", "--audio-in", "-o", "logreg-audio.onnx");
            config.AddCommand<ServeCommand>("serve").WithDescription("Serve the browser classifier page (web/) on this machine, with a model as its default")
                .WithExample("serve", "--model", "logreg-audio.onnx", "--port", "8080");
            config.AddCommand<ReportCommand>("report").WithDescription("Render a finished run's reports again");
            config.AddCommand<CompareCommand>("compare").WithDescription("Show the models of several runs side by side");
            config.AddCommand<SynthCommand>("synth").WithDescription("Write the synthetic genre dataset as WAV files (GTZAN layout)")
                .WithExample("synth", "data/synth", "--genres", "5", "--tracks-per-genre", "20", "--seconds", "30", "--seed", "1");
            config.SetExceptionHandler((exception, _) =>
            {
                AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(Describe(exception)));
                bool cancelled = exception is OperationCanceledException || exception is AggregateException all && all.Flatten().InnerExceptions.All(x => x is OperationCanceledException);
                return cancelled ? (terminated ? 143 : 130) : 1;
            });
        });
        return app.RunAsync(args, cancellation.Token).GetAwaiter().GetResult();
    }

    private static string Describe(Exception e) => e switch
    {
        AggregateException all => string.Join(Environment.NewLine, all.Flatten().InnerExceptions.Select(Describe).Distinct()),
        OperationCanceledException => "cancelled; nothing half-written was left, and running the same command again resumes from the finished work",
        OutputWriteException => e.Message,
        IOException or UnauthorizedAccessException when OutputWriteException.IsStorageFault(e) =>
            $"{e.Message}. Free some space or make the output folder writable, then run the same command again (finished work is reused).",
        SpecException or DatasetException or AudioDecodeException or FileNotFoundException or InvalidDataException or ArgumentException => e.Message,
        CommandParseException or CommandRuntimeException => e.Message,
        _ => e.ToString(),
    };
}
