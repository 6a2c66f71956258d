using System.Diagnostics;

namespace MlNetGenre.Experiments.Tests;

/// <summary>Headless Chromium (Debian's package) for rendering reports; tests skip when it is absent.</summary>
internal static class Chromium
{
    public static readonly string? Executable =
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public const string SkipReason = "chromium is not installed (apt-get install chromium; .ci/run does this)";

    /// <summary>Runs headless Chromium on a local page with the given extra flags; returns stdout and stderr.</summary>
    public static (string Stdout, string Stderr) Run(string page, params string[] flags)
    {
        string profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}", "--virtual-time-budget=15000",
                 }.Concat(flags))
            start.ArgumentList.Add(flag);
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 120 s");
        }
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        return (stdout.Result, stderr.Result);
    }
}

/// <summary>A fact that is skipped, with the reason, on machines without Chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null) Skip = Chromium.SkipReason;
    }
}
