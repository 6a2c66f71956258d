using System.Diagnostics;
using System.Text.Json;

namespace MlNetGenre.Experiments.Tests;

/// <summary>Two runs into one output folder at once, and what a killed run leaves behind.</summary>
public class ConcurrentRunTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    [Fact]
    public async Task Two_processes_into_one_folder_get_their_own_runs_and_compute_each_trial_once()
    {
        string spec = _tiny.Write(TinyExperiment.Spec.Replace("  test_fraction: 0.25", "  test_fraction: 0.25\n  repeats: 2"));
        string output = Path.Combine(_tiny.Folder, "shared-out");
        var runs = new[] { Start(spec, output), Start(spec, output) };
        var logs = runs.Select(p => (Output: p.StandardOutput.ReadToEndAsync(), Errors: p.StandardError.ReadToEndAsync())).ToArray();
        foreach (var p in runs) await p.WaitForExitAsync();
        for (int i = 0; i < 2; i++) Assert.True(runs[i].ExitCode == 0, $"run {i} exited with {runs[i].ExitCode}:\n{await logs[i].Output}\n{await logs[i].Errors}");

        var folders = Directory.GetDirectories(Path.Combine(output, "tiny")).Where(d => !Path.GetFileName(d).StartsWith('.')).ToArray();
        Assert.Equal(2, folders.Length);
        Assert.Empty(Directory.GetDirectories(Path.Combine(output, "tiny"), "*.partial"));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "tiny"), "*.claim"));
        // Each of the two trials was trained by one process; the other reused it (or waited for it and then reused it).
        var reused = folders.SelectMany(f => JsonDocument.Parse(File.ReadAllText(Path.Combine(f, "results.json"))).RootElement
            .GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("reused").GetBoolean())).ToArray();
        Assert.Equal(4, reused.Length);
        Assert.Equal(2, reused.Count(r => r));
        double Accuracy(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json"))).RootElement
            .GetProperty("models")[0].GetProperty("accuracy").GetProperty("mean").GetDouble();
        Assert.Equal(Accuracy(folders[0]), Accuracy(folders[1]));
    }

    [Fact]
    public void A_partial_folder_whose_run_died_is_removed_by_the_next_run_and_a_live_one_is_left()
    {
        string spec = _tiny.Write(TinyExperiment.Spec);
        string root = Path.Combine(_tiny.Folder, "out", "tiny");
        string dead = Path.Combine(root, "20200101-000000.partial");
        Directory.CreateDirectory(Path.Combine(dead, "models"));
        File.WriteAllText(Path.Combine(root, "20200101-000000.claim"), "");
        string live = Path.Combine(root, "20200101-000001.partial");
        Directory.CreateDirectory(live);
        using (new FileStream(Path.Combine(root, "20200101-000001.claim"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            _tiny.Run(TinyExperiment.Spec);
        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(live));
        Assert.Contains(_tiny.Log.Lines, l => l.Contains("left by a run that stopped before finishing", StringComparison.Ordinal));
    }

    private static Process Start(string spec, string output) => CliProcess.Start("run", spec, "--output", output);

    public void Dispose() => _tiny.Dispose();
}
