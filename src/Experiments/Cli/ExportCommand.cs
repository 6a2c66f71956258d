using System.ComponentModel;
using MlNetGenre.Experiments.Export;
using MlNetGenre.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary><c>mlnetgenre export &lt;model.onnx&gt; --audio-in -o &lt;out.onnx&gt;</c>: writes the model with its front end inside the graph.</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<model>")]
        [Description("An ONNX model exported by mlnetgenre (features in)")]
        public string Model { get; init; } = "";

        [CommandOption("--audio-in")]
        [Description("Put the feature front end in the graph: the output takes audio float[N, samples] at the model's sample rate")]
        public bool AudioIn { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Where to write the new model")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            !AudioIn ? ValidationResult.Error("say what to export: --audio-in")
            : Out.Length == 0 ? ValidationResult.Error("give the output file with -o")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (!File.Exists(settings.Model)) throw new FileNotFoundException($"{settings.Model} does not exist; give a model exported by `mlnetgenre run`");
        OnnxModelFile.Save(AudioInExport.Build(settings.Model), settings.Out);
        AnsiConsole.MarkupLine($"[green]Wrote[/] {Markup.Escape(settings.Out)}: input '{AudioInExport.AudioInput}' float[[N, samples]], mono PCM at the model's sample rate");
        return 0;
    }
}
