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
        string output = Capture(
            ["synth", _folder, "--genres", "3", "--tracks-per-genre", "2", "--seconds", "1.5", "--seed", "9", "--sample-rate", "16000"], 0);
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
        string output = Capture(["run", spec], 1);
        Assert.Contains($"{spec}:4:3: unknown key 'colour'", output.Replace("\n", ""));
        Assert.DoesNotContain("   at ", output);
    }

    private static string Capture(string[] args, int expected)
    {
        var (code, output, errors) = CliCapture.Run(args);
        Assert.Equal(expected, code);
        return output + errors;
    }

    [Fact]
    public void Validate_prints_tracks_per_class_and_part_and_the_trials_without_training()
    {
        string spec = Path.Combine(_folder, "tiny.yaml");
        File.WriteAllText(spec, TinyExperiment.Spec.Replace("    params: {c: 10}", "    grid: {c: {from: 1, to: 3, step: 1}}"));
        string output = Capture(["validate", spec], 0);
        Assert.Contains("is valid", output);
        Assert.Contains("split r0-f0", output);
        Assert.Contains("train tracks", output); // planned from the track list: no audio read, so no item counts
        Assert.Contains("No audio was read", output);
        Assert.Contains("r0-f0: logreg (logistic-regression on mfcc13, grid of 3 candidates x 5-fold CV)", output);
        Assert.Contains("6 / 6", Capture(["validate", spec, "--count-items"], 0)); // 6 training tracks of each genre, one item each
        Assert.False(Directory.Exists(Path.Combine(_folder, "artifacts")));
    }

    [Fact]
    public void The_track_list_plan_puts_every_track_in_the_part_where_the_run_puts_it()
    {
        string spec = Path.Combine(_folder, "clips.yaml");
        File.WriteAllText(spec, TinyExperiment.Spec
            .Replace("features:\n  - name: mfcc13", "audio: {sample_rate: 22050, clip_seconds: 1}\nfeatures:\n  - name: mfcc13")
            .Replace("  test_fraction: 0.25", "  kind: kfold\n  k: 3\n  repeats: 2\n  validation_fraction: 0.2"));
        var plan = Plan.PlanReader.ReadFile(spec, outputRoot: Path.Combine(_folder, "out"));
        var fromTracks = Running.PreparedData.PlanFromTrackList(plan, plan.Models, new RecordingRunLog(), CancellationToken.None);
        var fromItems = Running.PreparedData.Load(plan, plan.Models, new RecordingRunLog(), CancellationToken.None);
        Assert.Equal(6, fromItems.Splits.Count);
        var tracks = fromTracks.Tables.Values.First();
        var items = fromItems.Tables.Values.First();
        Assert.Equal(3 * tracks.Count, items.Count); // three 1 s clips per 3 s track
        foreach (var (byTrack, byItem) in fromTracks.Splits.Zip(fromItems.Splits))
        {
            Assert.Equal(byTrack.Key, byItem.Key);
            foreach (var (a, b) in new[] { (byTrack.Train, byItem.Train), (byTrack.Validation, byItem.Validation), (byTrack.Test, byItem.Test) })
                Assert.Equal(a.Select(i => tracks.TrackIds[i]).Order(), b.Select(i => items.TrackIds[i]).Distinct().Order());
        }
    }

    [Fact]
    public void Report_re_renders_a_run_and_compare_lists_runs_side_by_side()
    {
        using var tiny = new TinyExperiment();
        var run = tiny.Run(TinyExperiment.Spec);
        File.Delete(Path.Combine(run.RunDirectory, "report.html"));
        Capture(["report", run.RunDirectory], 0);
        Assert.True(File.Exists(Path.Combine(run.RunDirectory, "report.html")));
        var second = tiny.Run(TinyExperiment.Spec);
        string output = Capture(["compare", run.RunDirectory, second.RunDirectory], 0);
        Assert.Contains(run.RunId, output);
        Assert.Contains(second.RunId, output);
        Assert.Contains("logreg", output);
        Assert.Contains("is not a finished run folder", Capture(["report", _folder], 1));
    }

    [Fact]
    public void Features_writes_one_csv_row_per_track()
    {
        Capture(["synth", _folder, "--genres", "2", "--tracks-per-genre", "3", "--seconds", "1"], 0);
        string csv = Path.Combine(_folder, "f.csv");
        string output = Capture(["features", _folder, "--set", "mfcc", "--out", csv], 0);
        Assert.Contains("Wrote 6 rows", output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("filename,label,mfcc1_mean,mfcc1_var,", lines[0]);
        Assert.Equal(42, lines[1].Split(',').Length);
        Assert.StartsWith("blues.00000.wav,blues,", lines[1]);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
