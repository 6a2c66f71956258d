using System.Diagnostics;

namespace MlNetGenre.Testing;

/// <summary>
/// Runs the reference validator, onnx.checker.check_model(full_check=True), from Debian's python3-onnx,
/// to prove exported files are valid ONNX and not just loadable by one runtime.
/// </summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    public static readonly bool Available = File.Exists(Python) && RunPython("import onnx").ExitCode == 0;

    public const string SkipReason = "Debian's python3-onnx is not installed (apt-get install python3-onnx; .ci/run does this)";

    /// <summary>Returns null when the model is valid, else the checker's message.</summary>
    public static string? Check(string modelPath)
    {
        var (exitCode, output) = RunPython(
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok')", modelPath);
        return exitCode == 0 ? null : output;
    }

    private static (int ExitCode, string Output) RunPython(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

/// <summary>A fact skipped, with the reason, where python3-onnx is absent.</summary>
public sealed class OnnxCheckerFactAttribute : FactAttribute
{
    public OnnxCheckerFactAttribute()
    {
        if (!OnnxChecker.Available) Skip = OnnxChecker.SkipReason;
    }
}
