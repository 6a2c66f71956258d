using System.Text.Json;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Tests;

public class EndToEndTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    [Fact]
    public void A_tiny_synthetic_experiment_writes_every_output_and_scores_through_onnx()
    {
        var run = _tiny.Run(TinyExperiment.Spec);

        Assert.StartsWith(Path.Combine(_tiny.Folder, "out", "tiny"), run.RunDirectory);
        foreach (string file in new[] { "summary.md", "results.json", "results.csv", "predictions.csv", "report.html", "manifest.json", "run.json", "models/logreg.onnx" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, file)), file);
        Assert.Empty(Directory.GetFiles(run.RunDirectory, "*.tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(run.RunDirectory + ".partial"));
        Assert.Contains(_tiny.Log.Lines, l => l == "stage done 24/24");

        // 8 tracks per genre, 25% of each genre's tracks in test.
        var split = Assert.Single(run.Splits);
        Assert.Equal(6, split.TestItems);
        Assert.Equal(18, split.TrainItems);
        var trial = Assert.Single(run.Trials);
        Assert.Equal(TrialResult.Succeeded, trial.Status);
        Assert.Equal(6, trial.Predictions.Count);
        Assert.Equal(2, trial.Predictions.Count(p => p.Truth == 0));
        Assert.All(trial.Predictions, p => Assert.InRange(p.Probabilities.Sum(), 0.999f, 1.001f));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "results.json")));
        Assert.Equal("mlnetgenre.results/3", json.RootElement.GetProperty("schema").GetString());
        var model = json.RootElement.GetProperty("models")[0];
        Assert.Equal(run.Models[0].Accuracy.Mean, model.GetProperty("accuracy").GetProperty("mean").GetDouble());
        Assert.Equal(3, model.GetProperty("confusion_matrix").GetArrayLength());
        Assert.InRange(model.GetProperty("macro_auc").GetProperty("mean").GetDouble(), 0, 1);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "manifest.json")));
        Assert.Equal(7, manifest.RootElement.GetProperty("seed").GetInt32());
        Assert.Contains("kind: synthetic", manifest.RootElement.GetProperty("spec").GetString());
        Assert.NotEqual("not loaded", manifest.RootElement.GetProperty("packages").GetProperty("Microsoft.ML.OnnxRuntime").GetString());

        // The exported model is self-describing and reproduces the probabilities recorded in the run.
        using var scorer = OnnxScorer.Open(Path.Combine(run.RunDirectory, "models", "logreg.onnx"));
        Assert.Equal(run.ClassNames, scorer.Metadata.Labels);
        Assert.Equal(26, scorer.Metadata.FeatureNames.Count);
        Assert.Equal("mfcc", scorer.Metadata.FrontEnd["feature_set"]);
        var csv = File.ReadAllLines(Path.Combine(run.RunDirectory, "predictions.csv"));
        Assert.Equal(7, csv.Length);
        Assert.Equal(["model", "split", "item", "track", "truth", "predicted", .. run.ClassNames.Select(c => "p_" + c)], csv[0].Split(','));
    }

    [Fact]
    public void Repeats_and_a_grid_give_spread_and_a_rerun_reuses_finished_trials()
    {
        string yaml = TinyExperiment.Spec.Replace("  test_fraction: 0.25", "  test_fraction: 0.25\n  repeats: 3")
            .Replace("    params: {c: 10}", "    grid: {c: [100, 1]}\n    cv: {folds: 3}");
        var first = _tiny.Run(yaml);
        Assert.Equal(3, first.Trials.Count);
        Assert.Equal(3, first.Splits.Select(s => s.Seed).Distinct().Count());
        Assert.All(first.Trials, t => Assert.Equal(2, t.Grid.Count));
        Assert.All(first.Trials, t => Assert.Equal(3, t.Grid[0].FoldScores.Count));
        var summary = Assert.Single(first.Models);
        Assert.Equal(3, summary.Accuracy.Count);
        Assert.True(summary.Accuracy.Low <= summary.Accuracy.Mean && summary.Accuracy.Mean <= summary.Accuracy.High);
        Assert.All(first.Trials, t => Assert.False(t.Reused));

        var second = _tiny.Run(yaml);
        Assert.All(second.Trials, t => Assert.True(t.Reused));
        Assert.Equal(first.Models[0].Accuracy.Mean, second.Models[0].Accuracy.Mean);
        Assert.NotEqual(first.RunDirectory, second.RunDirectory);
        Assert.True(File.Exists(Path.Combine(second.RunDirectory, "models", "logreg-r2-f0.onnx")));

        // A changed model entry re-runs, an unchanged one does not.
        var third = _tiny.Run(yaml.Replace("[100, 1]", "[100, 2]"));
        Assert.All(third.Trials, t => Assert.False(t.Reused));
    }

    [Fact]
    public void Kfold_over_clips_keeps_each_track_in_one_part_and_reports_track_level_accuracy()
    {
        string yaml = TinyExperiment.Spec
            .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n")
            .Replace("  test_fraction: 0.25", "  kind: kfold\n  k: 4");
        var run = _tiny.Run(yaml);
        Assert.Equal(4, run.Trials.Count);
        Assert.True(run.Clips);
        var testedTracks = run.Trials.SelectMany(t => t.Predictions.Select(p => (t.Key, p.Track))).ToList();
        // Every track is tested in exactly one fold, with all of its three clips.
        Assert.Equal(24, testedTracks.Select(x => x.Track).Distinct().Count());
        Assert.All(testedTracks.GroupBy(x => x.Track), g => Assert.Single(g.Select(x => x.Key).Distinct()));
        Assert.All(testedTracks.GroupBy(x => x.Track), g => Assert.Equal(3, g.Count()));
        Assert.NotNull(run.Models[0].TrackAccuracy);
        Assert.Equal(4, run.Models[0].TrackAccuracy!.Count);
    }

    [Fact]
    public void A_deep_model_on_log_mel_clips_trains_exports_and_reports_its_training_curves()
    {
        string yaml = TinyExperiment.Spec
            .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n  - name: mel\n    set: logmel\n    params: {n_mels: 32}\n")
            .Replace("    params: {c: 10}", "    params: {c: 10}\n  - name: small-cnn\n    family: cnn-small\n    features: mel\n    params: {channels: \"8,8,8,8\", epochs: 3, batch_size: 16}");
        var run = _tiny.Run(yaml);
        var cnn = run.Trials.Single(t => t.Model == "small-cnn");
        Assert.Equal(TrialResult.Succeeded, cnn.Status);
        Assert.Equal(3, cnn.History.Count);
        Assert.Equal(18, cnn.Predictions.Count); // 6 test tracks x 3 clips
        string html = File.ReadAllText(Path.Combine(run.RunDirectory, "report.html"));
        Assert.Contains("chart-curves-", html);
        using var scorer = OnnxScorer.Open(Path.Combine(run.RunDirectory, "models", "small-cnn.onnx"));
        Assert.Equal("logmel", scorer.Metadata.FrontEnd["feature_set"]);
        Assert.Equal("32,44", scorer.Metadata.FrontEnd["input_shape"]);

        // New audio through the exported CNN alone: the same log-mel front-end is rebuilt from the metadata.
        using var predictor = Prediction.GenrePredictor.Open(Path.Combine(run.RunDirectory, "models", "small-cnn.onnx"));
        var audio = SyntheticTrackGenerator.Render("disco", 99, 3, 22050, seed: 1);
        var prediction = predictor.Predict("disco-99", audio);
        Assert.Equal(3, prediction.Clips.Count);
        Assert.InRange(prediction.Probabilities.Sum(), 0.999f, 1.001f);
    }

    [Fact]
    public void Songnets_per_step_output_gives_the_prediction_timeline()
    {
        string yaml = TinyExperiment.Spec
            .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n  - name: mel\n    set: logmel\n    params: {n_mels: 16}\n")
            .Replace("    family: logistic-regression\n    features: mfcc13\n    params: {c: 10}", "    family: songnet\n    features: mel\n    params: {channels: \"8,8,8\", epochs: 2}");
        var run = _tiny.Run(yaml);
        Assert.Equal(TrialResult.Succeeded, Assert.Single(run.Trials).Status);
        using var predictor = Prediction.GenrePredictor.Open(Path.Combine(run.RunDirectory, "models", "logreg.onnx"));
        var prediction = predictor.Predict("jazz", SyntheticTrackGenerator.Render("jazz", 5, 3, 22050, seed: 2));
        Assert.Equal(3, prediction.Clips.Count);
        Assert.Equal(15, prediction.Steps.Count); // 44 frames per 1 s clip, halved three times: 5 steps per clip
        Assert.Equal(prediction.Steps, prediction.Timeline);
        Assert.Equal(16, Reports.TimelineReport.Csv(prediction).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // A clip's probabilities are the mean of its steps'.
        for (int c = 0; c < prediction.Labels.Count; c++)
            Assert.Equal(prediction.Clips[1].Probabilities[c], prediction.Steps.Skip(5).Take(5).Average(s => s.Probabilities[c]), 1e-5);
    }

    [Fact]
    public void A_failing_model_is_recorded_and_the_others_finish()
    {
        ModelFamilies.Registry.Register(new FailingFamily());
        string yaml = TinyExperiment.Spec + $"""

              - name: broken
                family: {FailingFamily.FamilyName}
                features: mfcc13
            """;
        var run = _tiny.Run(yaml);
        var broken = run.Trials.Single(t => t.Model == "broken");
        Assert.Equal(TrialResult.Failed, broken.Status);
        Assert.Contains("always fails", broken.Error);
        Assert.Equal(TrialResult.Succeeded, run.Trials.Single(t => t.Model == "logreg").Status);
        Assert.Contains("failed: this family always fails", File.ReadAllText(Path.Combine(run.RunDirectory, "summary.md")));
    }

    [Fact]
    public void A_folder_dataset_with_a_bad_file_skips_it_and_lists_it()
    {
        string data = Path.Combine(_tiny.Folder, "data");
        SyntheticDatasetWriter.Write(data, genres: 3, tracksPerGenre: 6, seconds: 2, seed: 3);
        string bad = Directory.GetFiles(Path.Combine(data, SyntheticGenres.All[0].Name)).Order().First();
        File.WriteAllBytes(bad, File.ReadAllBytes(bad).AsSpan(0, 100).ToArray()); // truncated
        var run = _tiny.Run(TinyExperiment.Spec.Replace(TinyExperiment.SyntheticDataset, "  kind: folder\n  path: data"));

        var skipped = Assert.Single(run.BadFiles);
        Assert.Contains(Path.GetFileName(bad), skipped.Reason);
        Assert.Contains("truncated", skipped.Reason);
        Assert.Equal(17, run.Splits[0].TrainItems + run.Splits[0].TestItems);
        Assert.Contains(_tiny.Log.Lines, l => l.StartsWith("warning: skipped", StringComparison.Ordinal));
        Assert.Contains("Skipped files (1)", File.ReadAllText(Path.Combine(run.RunDirectory, "summary.md")));
    }

    [Fact]
    public void A_second_run_over_the_same_files_extracts_nothing_and_a_changed_parameter_re_extracts()
    {
        string data = Path.Combine(_tiny.Folder, "data");
        SyntheticDatasetWriter.Write(data, genres: 3, tracksPerGenre: 8, seconds: 2, seed: 4);
        string yaml = TinyExperiment.Spec.Replace(TinyExperiment.SyntheticDataset, "  kind: folder\n  path: data");
        _tiny.Run(yaml);
        Assert.Contains(_tiny.Log.Lines, l => l.StartsWith("Features: 0 of 24 tracks read from the feature store", StringComparison.Ordinal));
        _tiny.Run(yaml);
        Assert.Contains(_tiny.Log.Lines, l => l.StartsWith("Features: 24 of 24 tracks read from the feature store", StringComparison.Ordinal));
        int before = _tiny.Log.Lines.Count(l => l.StartsWith("Features: 0 of 24", StringComparison.Ordinal));
        _tiny.Run(yaml.Replace("n_mfcc: 13", "n_mfcc: 12"));
        Assert.Equal(before + 1, _tiny.Log.Lines.Count(l => l.StartsWith("Features: 0 of 24", StringComparison.Ordinal)));
    }

    [Fact]
    public void Only_runs_the_named_model_and_rejects_unknown_names()
    {
        string yaml = TinyExperiment.Spec + """

              - name: second
                family: logistic-regression
                features: mfcc13
            """;
        var run = _tiny.Run(yaml, only: ["second"]);
        Assert.Equal("second", Assert.Single(run.Trials).Model);
        var e = Assert.Throws<ArgumentException>(() => _tiny.Run(yaml, only: ["nope"]));
        Assert.Contains("logreg, second", e.Message);
    }

    public void Dispose() => _tiny.Dispose();
}
