using System.Text.Json;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Tests;

public class EndToEndTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-e2e-").FullName;

    private const string TinySpec = """
        name: tiny
        seed: 7
        dataset:
          kind: synthetic
          genres: 3
          tracks_per_genre: 8
          seconds: 3
        features:
          - name: mfcc13
            set: mfcc
            n_mfcc: 13
        split:
          test_fraction: 0.25
        models:
          - name: logreg
            family: logistic-regression
            features: mfcc13
            params: {l2: 0.1}
        """;

    [Fact]
    public void A_tiny_synthetic_experiment_writes_every_output_and_scores_through_onnx()
    {
        string specFile = Path.Combine(_folder, "tiny.yaml");
        File.WriteAllText(specFile, TinySpec);
        var log = new RecordingRunLog();
        var run = new ExperimentRunner(log).Run(SpecReader.ReadFile(specFile),
            new ExperimentRunner.Options(OutputRoot: Path.Combine(_folder, "out")), CancellationToken.None);

        Assert.StartsWith(Path.Combine(_folder, "out", "tiny"), run.RunDirectory);
        foreach (string file in new[] { "summary.md", "results.json", "predictions.csv", "report.html", "models/logreg.onnx" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, file)), file);
        Assert.Empty(Directory.GetFiles(run.RunDirectory, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains(log.Lines, l => l == "stage done 24/24");

        // 8 tracks per genre, 25% of each genre's tracks in test.
        Assert.Equal(6, run.TestItems);
        Assert.Equal(18, run.TrainItems);
        var model = Assert.Single(run.Models);
        Assert.Equal(ModelResult.Succeeded, model.Status);
        Assert.Equal(6, model.Predictions.Count);
        Assert.Equal(2, model.Predictions.Count(p => p.Truth == 0));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "results.json")));
        var m = json.RootElement.GetProperty("models")[0];
        Assert.Equal("mlnetgenre.results/1", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal(model.Metrics!.Accuracy, m.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(3, m.GetProperty("metrics").GetProperty("confusion_matrix").GetArrayLength());

        // The exported model is self-describing and gives the probabilities recorded in the run.
        using var scorer = OnnxScorer.Open(Path.Combine(run.RunDirectory, "models", "logreg.onnx"));
        Assert.Equal(run.ClassNames, scorer.Metadata.Labels);
        Assert.Equal(26, scorer.Metadata.FeatureNames.Count);
        Assert.Equal("mfcc", scorer.Metadata.FrontEnd["feature_set"]);
        var csv = File.ReadAllLines(Path.Combine(run.RunDirectory, "predictions.csv"));
        Assert.Equal(7, csv.Length);
        Assert.Equal(["model", "item", "group", "truth", "predicted", .. run.ClassNames.Select(c => "p_" + c)], csv[0].Split(','));
    }

    [Fact]
    public void A_folder_dataset_with_a_bad_file_skips_it_and_lists_it()
    {
        string data = Path.Combine(_folder, "data");
        SyntheticDatasetWriter.Write(data, genres: 3, tracksPerGenre: 6, seconds: 2, seed: 3);
        string bad = Directory.GetFiles(Path.Combine(data, SyntheticGenres.All[0].Name)).First();
        File.WriteAllBytes(bad, File.ReadAllBytes(bad).AsSpan(0, 100).ToArray()); // truncated
        string specFile = Path.Combine(_folder, "folder.yaml");
        File.WriteAllText(specFile, TinySpec.Replace("  kind: synthetic", "  kind: folder\n  path: data"));
        var log = new RecordingRunLog();
        var run = new ExperimentRunner(log).Run(SpecReader.ReadFile(specFile),
            new ExperimentRunner.Options(OutputRoot: Path.Combine(_folder, "out")), CancellationToken.None);

        var skipped = Assert.Single(run.BadFiles);
        Assert.Contains(Path.GetFileName(bad), skipped.Reason);
        Assert.Contains("truncated", skipped.Reason);
        Assert.Equal(17, run.TrainItems + run.TestItems);
        Assert.Contains(log.Lines, l => l.StartsWith("warning: skipped", StringComparison.Ordinal));
        Assert.Contains("Skipped files (1)", File.ReadAllText(Path.Combine(run.RunDirectory, "summary.md")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
