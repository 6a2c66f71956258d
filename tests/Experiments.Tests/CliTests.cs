using MlNetGenre.Experiments.Cli;
using MlNetGenre.Features.Audio;

namespace MlNetGenre.Experiments.Tests;

[Collection("Console")]
public class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-cli-").FullName;

    [Fact]
    public void Synth_writes_the_gtzan_layout()
    {
        string output = Capture(() => Assert.Equal(0, MlNetGenreCli.Run(
            ["synth", _folder, "--genres", "3", "--tracks-per-genre", "2", "--seconds", "1.5", "--seed", "9", "--sample-rate", "16000"])));
        string[] files = Directory.GetFiles(_folder, "*.wav", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder, f)).Order().ToArray();
        Assert.Equal(6, files.Length);
        Assert.Equal(Path.Combine("blues", "blues.00000.wav"), files[0]);
        var signal = WavReader.Read(Path.Combine(_folder, files[0]));
        Assert.Equal(16000, signal.SampleRate);
        Assert.Equal(24000, signal.Samples.Length);
        Assert.Contains("Wrote 6 files", output);
    }

    [Fact]
    public void A_bad_spec_prints_one_error_line_with_its_position_and_exits_1()
    {
        string spec = Path.Combine(_folder, "bad.yaml");
        File.WriteAllText(spec, "name: bad\ndataset:\n  kind: synthetic\n  colour: red\n");
        string output = Capture(() => Assert.Equal(1, MlNetGenreCli.Run(["run", spec])));
        Assert.Contains($"{spec}:4:3: unknown key 'colour'", output.Replace("\n", ""));
        Assert.DoesNotContain("   at ", output);
    }

    private static string Capture(Action action)
    {
        var original = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        Spectre.Console.AnsiConsole.Profile.Width = 1000;
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }
        return writer.ToString();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
