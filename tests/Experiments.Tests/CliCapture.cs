using MlNetGenre.Experiments.Cli;
using Spectre.Console;

namespace MlNetGenre.Experiments.Tests;

/// <summary>Runs the CLI in process with stdout and stderr captured (tests using it share the "Console" collection).</summary>
internal static class CliCapture
{
    public static (int Code, string Output, string Errors) Run(string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        var output = new StringWriter();
        var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        AnsiConsole.Profile.Width = 1000;
        try
        {
            int code = MlNetGenreCli.Run(args);
            return (code, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
