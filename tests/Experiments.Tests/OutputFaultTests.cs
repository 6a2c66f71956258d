using System.Runtime.InteropServices;
using System.Text.Json;
using MlNetGenre.Core.IO;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// A full disk, a read-only output folder and a SIGTERM: each ends with one clear message, leaves no half-written
/// file, keeps what was finished, and the same command run again completes with the same results.
/// </summary>
[Collection("Console")]
public class OutputFaultTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    public OutputFaultTests() => SyntheticDatasetWriter.Write(Path.Combine(_tiny.Folder, "data"), genres: 3, tracksPerGenre: 6, seconds: 2, seed: 3);

    /// <summary>
    /// WAV files (so features are cached in the output folder), two models, two repeats (four trials and their ONNX
    /// files) and every report.
    /// </summary>
    private static readonly string Spec = TinyExperiment.Spec.Replace(TinyExperiment.SyntheticDataset, "  kind: folder\n  path: data")
        .Replace("  test_fraction: 0.25", "  test_fraction: 0.25\n  repeats: 2") + """

          - name: knn
            family: knn
            features: mfcc13
            params: {k: 3}
        report:
          formats: [html, md, csv]
        """;

    [TmpfsFact]
    public void A_full_disk_at_any_point_stops_with_a_clear_error_leaves_no_half_file_and_the_rerun_completes()
    {
        string spec = _tiny.Write(Spec);
        double reference;
        long needed, cache;
        using (var disk = new Tmpfs(64 << 20))
        {
            long before = disk.FreeBytes;
            reference = Accuracy(Run(spec, disk.Root));
            needed = before - disk.FreeBytes;
            cache = Directory.GetFiles(Path.Combine(disk.Root, ".feature-store"), "*", SearchOption.AllDirectories)
                .Sum(f => (new FileInfo(f).Length + 4095) / 4096 * 4096);
        }
        Assert.True(cache > 0 && needed > cache, $"the run wrote {needed} bytes, {cache} of them cached features");

        // Free space running out while caching features, while storing trials and models, while writing the reports.
        var failedWriting = new List<string>();
        foreach (long left in new[] { 0, cache / 2, cache + (8 << 10), needed / 2, needed * 95 / 100 })
        {
            using var disk = new Tmpfs(64 << 20);
            string filler = disk.FillLeaving(left);
            var error = Assert.ThrowsAny<Exception>(() => Run(spec, disk.Root));
            var clear = Find<OutputWriteException>(error) ?? throw new Xunit.Sdk.XunitException($"with {left} bytes free: not a clear error:\n{error}");
            Assert.Contains("the disk is full", clear.Message);
            Assert.Contains(disk.Root, clear.Message);
            failedWriting.Add(clear.Message);
            AssertNothingHalfWritten(disk.Root);

            File.Delete(filler);
            Assert.Equal(reference, Accuracy(Run(spec, disk.Root)));
            AssertNothingHalfWritten(disk.Root);
        }
        Assert.Contains(failedWriting, m => m.Contains(".feature-store", StringComparison.Ordinal));
        Assert.Contains(failedWriting, m => m.Contains(".onnx", StringComparison.Ordinal) || m.Contains(".trials", StringComparison.Ordinal));
        Assert.Contains(failedWriting, m => m.Contains("report.html", StringComparison.Ordinal));
    }

    [TmpfsFact]
    public void The_cli_reports_a_full_disk_in_one_line_without_a_stack_trace()
    {
        string spec = _tiny.Write(Spec);
        using var disk = new Tmpfs(8 << 20);
        disk.FillLeaving(16 << 10);
        var (code, output, errors) = CliCapture.Run(["run", spec, "--output", disk.Root]);
        Assert.Equal(1, code);
        Assert.Contains("error: cannot write " + disk.Root, output);
        Assert.Contains("the disk is full", output);
        Assert.Contains("run the same command again", output);
        Assert.DoesNotContain("   at ", output + errors);
    }

    [TmpfsFact]
    public void A_read_only_output_folder_is_one_clear_error_before_any_work()
    {
        string spec = _tiny.Write(Spec);
        using var disk = new Tmpfs(1 << 20, readOnly: true);
        var (code, output, errors) = CliCapture.Run(["run", spec, "--output", Path.Combine(disk.Root, "out")]);
        Assert.Equal(1, code);
        Assert.Contains("the file system is read-only", output);
        Assert.Contains(disk.Root, output);
        Assert.DoesNotContain("   at ", output + errors);
        Assert.DoesNotContain("Trial 1/", output);
    }

    [Fact]
    public async Task Sigterm_stops_like_ctrl_c_keeping_finished_trials()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        // The second model is slow on purpose (a hundred thousand boosting rounds), so the signal meets it mid-fit.
        string spec = _tiny.Write(TinyExperiment.Spec + """

              - name: slow
                family: gradient-boosting
                features: mfcc13
                params: {trees: 100000, learning_rate: 0.000001}
            """);
        string output = Path.Combine(_tiny.Folder, "out");
        using var process = CliProcess.Start("run", spec, "--output", output);
        var errors = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Contains("Trial 2/2", StringComparison.Ordinal)) break;
        }
        Assert.Equal(0, Kill(process.Id, 15)); // SIGTERM
        lines.AddRange((await process.StandardOutput.ReadToEndAsync()).Split('\n'));
        Assert.True(process.WaitForExit(60_000), "the run did not stop within a minute of SIGTERM");
        string all = string.Join("\n", lines) + await errors;

        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}:\n{all}");
        Assert.Contains("Terminated: stopping after the current step", all);
        Assert.Contains("running the same command again resumes", all);
        Assert.DoesNotContain("   at ", all);
        string experiment = Path.Combine(output, "tiny");
        Assert.Empty(Directory.GetDirectories(experiment, "*.partial"));
        Assert.Single(Directory.GetFiles(Path.Combine(experiment, ".trials"), "trial.json", SearchOption.AllDirectories));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private RunResult Run(string spec, string outputRoot) =>
        new ExperimentRunner(_tiny.Log).Run(PlanReader.ReadFile(spec, outputRoot: outputRoot), new ExperimentRunner.Options(), CancellationToken.None);

    private static double Accuracy(RunResult run) =>
        run.Models.Select(m => m.Accuracy.Mean).Sum();

    private static T? Find<T>(Exception e) where T : Exception => e switch
    {
        T found => found,
        AggregateException all => all.Flatten().InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null),
        _ => e.InnerException is null ? null : Find<T>(e.InnerException),
    };

    /// <summary>No temporary or partial file or folder remains, and every stored trial and model reads back whole.</summary>
    private static void AssertNothingHalfWritten(string root)
    {
        var leftovers = Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) || p.EndsWith(".partial", StringComparison.Ordinal)).ToArray();
        Assert.True(leftovers.Length == 0, "left behind: " + string.Join(", ", leftovers));
        foreach (string trial in Directory.GetFiles(root, "trial.json", SearchOption.AllDirectories))
            JsonDocument.Parse(File.ReadAllText(trial)).Dispose();
        foreach (string model in Directory.GetFiles(root, "*.onnx", SearchOption.AllDirectories))
        {
            using var scorer = OnnxScorer.Open(model, Core.Models.ComputeDevice.Cpu);
        }
    }

    public void Dispose() => _tiny.Dispose();
}
