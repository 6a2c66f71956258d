using System.Diagnostics;

namespace MlNetGenre.Experiments.Tests;

/// <summary>The mlnetgenre CLI as a separate process (what a user runs), for tests of signals, kills and repeatability.</summary>
internal static class CliProcess
{
    /// <summary>How to start <c>mlnetgenre arguments...</c> (the build beside the tests).</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnetgenre.dll"));
        foreach (string a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Starts <c>mlnetgenre arguments...</c> with its output redirected.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = StartInfo(arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return Process.Start(start)!;
    }

    /// <summary>Runs <c>mlnetgenre arguments...</c> to the end, asserts it succeeded, and returns its standard output.</summary>
    public static string Run(params string[] arguments) => RunToEnd(StartInfo(arguments));

    /// <summary>Runs any program to the end with its output redirected, asserts it exited with 0, and returns its standard output.</summary>
    public static string RunToEnd(ProcessStartInfo start) => RunCapturing(start).Output;

    /// <summary>As <see cref="RunToEnd"/>, also returning what the program wrote to standard error.</summary>
    public static (string Output, string Errors) RunCapturing(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{output.Result}\n{errors}");
        return (output.Result, errors);
    }
}
