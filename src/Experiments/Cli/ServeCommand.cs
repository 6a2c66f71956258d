using System.ComponentModel;
using System.Net;
using Google.Protobuf;
using MlNetGenre.Experiments.Export;
using MlNetGenre.Experiments.Web;
using MlNetGenre.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>
/// <c>mlnetgenre serve [--port 8080] [--model m.onnx]</c>: serves the browser classifier (web/) on this machine.
/// A features-in model is turned into its audio-in version in memory; without --model, the newest quickstart
/// audio-in model under ./artifacts is the page's default, if there is one.
/// </summary>
public sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("TCP port (default 8080; 0 = any free port)")]
        public int Port { get; init; } = 8080;

        [CommandOption("--model <FILE>")]
        [Description("The model the page opens by default (audio-in, or any model audio-in export accepts)")]
        public string? Model { get; init; }

        [CommandOption("--host <ADDRESS>")]
        [Description("Address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 opens the page to the network)")]
        public string Host { get; init; } = "127.0.0.1";

        public override ValidationResult Validate() =>
            Port is < 0 or > 65535 ? ValidationResult.Error($"--port {Port} is not a TCP port (0 to 65535)")
            : !IPAddress.TryParse(Host, out _) ? ValidationResult.Error($"--host '{Host}' is not an IP address (e.g. 127.0.0.1)")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        string? modelPath = settings.Model ?? NewestQuickstartModel();
        byte[]? model = modelPath is null ? null : AudioInModelBytes(modelPath);
        await using var server = await WebPageServer.StartAsync(WebPageServer.DefaultRoot, IPAddress.Parse(settings.Host), settings.Port, model, cancellation);
        AnsiConsole.MarkupLine($"[green]Serving[/] the genre page at [link]{Markup.Escape(server.Address.ToString())}[/] " +
                               (modelPath is null ? "(no default model: open an .audio.onnx file on the page)" : $"with {Markup.Escape(modelPath)} as its model") +
                               ". Ctrl-C stops.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    /// <summary>The model's bytes with audio in: as it is when it already takes audio, else its audio-in version built in memory.</summary>
    private static byte[] AudioInModelBytes(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist; give an ONNX model exported by `mlnetgenre run` with --model");
        if (File.Exists(OnnxModelFile.DataPathOf(path)))
            throw new InvalidDataException($"{path} keeps its weights in {OnnxModelFile.DataPathOf(path)} (over {OnnxModelFile.ExternalDataThreshold >> 30} GB): too large for a browser page; use it from ONNX Runtime instead");
        if (OnnxModelFile.ReadMetadata(path).ContainsKey(AudioInExport.AudioInputKey)) return File.ReadAllBytes(path);
        var audioIn = AudioInExport.Build(path);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(path)} takes features; the page gets its audio-in version, built in memory (mlnetgenre export --audio-in writes it to a file).[/]");
        return audioIn.ToByteArray();
    }

    private static string? NewestQuickstartModel()
    {
        var folder = new DirectoryInfo(Path.Combine("artifacts", "quickstart"));
        return folder.Exists
            ? folder.EnumerateFiles("*.audio.onnx", SearchOption.AllDirectories).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;
    }
}
