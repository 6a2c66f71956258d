using System.Text.Json.Nodes;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.IO;
using MlNetGenre.Features.Caching;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The feature store in whole runs: a run whose tables are streamed from disk batch by batch writes the same
/// results as one that holds them in memory, and a run killed with SIGKILL in the middle of extraction (and whose
/// store was then edited) continues after its last stored track and ends with the results of an uninterrupted run;
/// a full disk while storing is one clear error that loses nothing stored before.
/// </summary>
public class FeatureStoreRunTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    /// <summary>A CNN on 1 s log-mel clips (validation part, early stopping) and a kNN on MFCC statistics.</summary>
    private static readonly string DeepSpec = TinyExperiment.Spec
        .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n  - name: mel\n    set: logmel\n    params: {n_mels: 24}\n")
        .Replace("  test_fraction: 0.25", "  test_fraction: 0.25\n  validation_fraction: 0.2")
        .Replace("    family: logistic-regression\n    features: mfcc13\n    params: {c: 10}",
            "    family: cnn\n    features: mel\n    params: {channels: \"4,6\", dense: 12, epochs: 3, batch_size: 8, learning_rate: 0.01, patience: 2}\n" +
            "  - name: knn\n    family: knn\n    features: mfcc13\n    params: {k: 3}");

    [Fact]
    public void A_run_streamed_from_the_feature_store_writes_the_results_of_one_held_in_memory()
    {
        var inMemory = _tiny.Run(DeepSpec);
        Assert.DoesNotContain(_tiny.Log.Lines, l => l.Contains("batch by batch", StringComparison.Ordinal));
        var streamed = _tiny.Run(DeepSpec.Replace("  seconds: 3", "  seconds: 3\n  in_memory_mb: 0"), output: "streamed"); // trials not reused
        Assert.Contains(_tiny.Log.Lines, l => l.Contains("Features 'mel'", StringComparison.Ordinal) && l.Contains("batch by batch", StringComparison.Ordinal));
        Assert.Contains(_tiny.Log.Lines, l => l.Contains("Features 'mfcc13'", StringComparison.Ordinal) && l.Contains("batch by batch", StringComparison.Ordinal));
        Assert.DoesNotContain(streamed.Trials, t => t.Reused);

        Assert.Equal(Figures(inMemory.RunDirectory), Figures(streamed.RunDirectory));
        Assert.Equal(File.ReadAllBytes(Path.Combine(inMemory.RunDirectory, "predictions.csv")), File.ReadAllBytes(Path.Combine(streamed.RunDirectory, "predictions.csv")));
        Assert.True(inMemory.Trials.All(t => t.Error is null), "every trial succeeded");
    }

    [Fact]
    public async Task A_run_killed_during_extraction_continues_after_its_last_stored_track_with_the_same_results()
    {
        string spec = _tiny.Write(TinyExperiment.Spec.Replace("  tracks_per_genre: 8\n  seconds: 3", "  tracks_per_genre: 60\n  seconds: 6"));
        string output = Path.Combine(_tiny.Folder, "killed");
        using (var process = CliProcess.Start("run", spec, "--output", output))
        {
            // Kill -9 once some tracks are stored and many are not.
            while (StoredTracks(output) < 20 && !process.HasExited) await Task.Delay(10);
            process.Kill();
            await process.WaitForExitAsync();
        }
        int stored = StoredTracks(output);
        Assert.InRange(stored, 20, 150);
        // And one value of the first stored track edited on disk: found by its checksum, that track extracted again.
        string rows = Directory.GetFiles(Path.Combine(output, ".feature-store"), "segment-0.rows", SearchOption.AllDirectories).Single();
        using (var stream = new FileStream(rows, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 4;
            stream.Write(BitConverter.GetBytes(1234.5f));
        }

        string resumed = CliProcess.Run("run", spec, "--output", output);
        var line = resumed.Split('\n').Single(l => l.Contains("tracks read from the feature store", StringComparison.Ordinal));
        int reused = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(stored - 1, reused); // the edited track is extracted again
        Assert.Contains("do not match their checksum", resumed);

        string fresh = Path.Combine(_tiny.Folder, "fresh");
        CliProcess.Run("run", spec, "--output", fresh);
        Assert.Equal(Figures(LatestRun(fresh)), Figures(LatestRun(output)));
    }

    [TmpfsFact]
    public void A_full_disk_while_storing_names_the_file_and_the_space_a_track_needs_and_keeps_the_stored_tracks()
    {
        using var disk = new Tmpfs(4 << 20);
        string folder = Path.Combine(disk.Root, "store");
        float[][] Track(int t) => Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, 4096).Select(j => t + c * 0.5f + j).ToArray()).ToArray(); // 64 KiB
        int stored = 0;
        OutputWriteException? full = null;
        using (var store = FeatureStore.Open(folder, _ => { }))
        {
            store.Append("track0", Track(0));
            stored = 1;
            string filler = disk.FillLeaving(300 << 10);
            try
            {
                for (; stored < 100; stored++) store.Append($"track{stored}", Track(stored));
            }
            catch (OutputWriteException e)
            {
                full = e;
            }
            Assert.NotNull(full);
            Assert.Contains("the disk is full", full!.Message);
            Assert.Contains(Path.Combine(folder, "segment-0.rows"), full.Message);
            Assert.Contains("this track needs 65,536 bytes", full.Message);
            File.Delete(filler);
        }
        Assert.InRange(stored, 2, 5);
        var warnings = new List<string>();
        using (var store = FeatureStore.Open(folder, warnings.Add))
        {
            Assert.Equal(stored, store.TrackCount); // every track stored before the fault is intact
            for (int t = stored; t < stored + 3; t++) store.Append($"track{t}", Track(t)); // room again: it continues
        }
        using var again = FeatureStore.Open(folder, warnings.Add);
        for (int t = 0; t < stored + 3; t++)
        {
            Assert.True(again.TryFind($"track{t}", out var track), $"track{t}");
            Assert.Equal(Track(t), FeatureStore.RowsOf(Enumerable.Range(0, 4).Select(c => (track, c)).ToArray()).ReadAll());
        }
        Assert.Empty(warnings);
    }

    /// <summary>Complete tracks in the run's stores (index lines after the header).</summary>
    private static int StoredTracks(string output)
    {
        string root = Path.Combine(output, ".feature-store");
        if (!Directory.Exists(root)) return 0;
        try
        {
            return Directory.GetFiles(root, "segment-*.index", SearchOption.AllDirectories)
                .Sum(f => Math.Max(0, ReadShared(f).Count(c => c == '\n') - 1));
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static string LatestRun(string output) =>
        Directory.GetFiles(output, "results.json", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Order().Last()!;

    /// <summary>results.json without what differs between two runs of the same work: ids, times, durations.</summary>
    private static string Figures(string runDirectory)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(runDirectory, "results.json")))!;
        Strip(json);
        return json.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToArray())
                    if (key is "run_id" or "started" || key.Contains("seconds", StringComparison.Ordinal) || key.Contains("milliseconds", StringComparison.Ordinal)) o.Remove(key);
                    else Strip(o[key]);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
    }

    public void Dispose() => _tiny.Dispose();
}
