using System.Text.Json;
using MlNetGenre.Experiments.Cli;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Experiments.Prediction;

namespace MlNetGenre.Experiments.Tests;

[Collection("Console")]
public class PredictionTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    /// <summary>The tiny experiment on 1 s clips, run once; returns the ONNX file and the folder of its WAV tracks.</summary>
    private (string Model, string Data, Running.RunResult Run) TrainOnClips()
    {
        string data = Path.Combine(_tiny.Folder, "data");
        SyntheticDatasetWriter.Write(data, genres: 3, tracksPerGenre: 8, seconds: 3, seed: 7);
        string yaml = TinyExperiment.Spec.Replace(TinyExperiment.SyntheticDataset, "  kind: folder\n  path: data")
            .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n");
        var run = _tiny.Run(yaml);
        return (Path.Combine(run.RunDirectory, "models", "logreg.onnx"), data, run);
    }

    [Fact]
    public void The_exported_model_alone_reproduces_the_runs_test_probabilities_on_the_original_files()
    {
        var (model, data, run) = TrainOnClips();
        using var predictor = GenrePredictor.Open(model);
        Assert.Equal(1.0, predictor.FrontEnd.ClipSeconds);
        Assert.Equal(22050, predictor.FrontEnd.SampleRate);
        var trial = Assert.Single(run.Trials);
        foreach (var track in trial.Predictions.GroupBy(p => p.Track).Take(3))
        {
            var prediction = predictor.Predict(track.Key, WavReader.Read(Path.Combine(data, track.Key)));
            Assert.Equal(3, prediction.Clips.Count);
            for (int clip = 0; clip < 3; clip++)
            {
                float[] expected = track.Single(p => p.Item == $"{track.Key}#{clip}").Probabilities;
                for (int c = 0; c < expected.Length; c++) Assert.Equal(expected[c], prediction.Clips[clip].Probabilities[c], 1e-5f);
            }
        }
    }

    [Fact]
    public void Streaming_random_sized_chunks_gives_the_offline_result()
    {
        var (model, data, _) = TrainOnClips();
        using var predictor = GenrePredictor.Open(model);
        string file = Directory.GetFiles(Path.Combine(data, "disco")).Order().First();
        var signal = WavReader.Read(file);
        var offline = predictor.Predict(file, signal, hopSeconds: 0.25);

        var tracker = new StreamingGenreTracker(predictor, hopSeconds: 0.25);
        var random = new Random(3);
        var updates = new List<ClipPrediction>();
        for (int start = 0; start < signal.Samples.Length;)
        {
            int size = Math.Min(random.Next(1, 9000), signal.Samples.Length - start);
            updates.AddRange(tracker.Push(signal.Samples.AsSpan(start, size)));
            start += size;
        }
        Assert.Equal(offline.Clips.Count, tracker.Windows);
        Assert.Equal(offline.Clips.Select(c => c.StartSeconds), updates.Select(u => u.StartSeconds));
        for (int c = 0; c < offline.Probabilities.Length; c++) Assert.Equal(offline.Probabilities[c], tracker.Current[c], 1e-5f);
    }

    [Fact]
    public void Predict_command_prints_every_usable_file_reports_the_others_and_writes_timelines()
    {
        var (model, data, _) = TrainOnClips();
        string inputs = Path.Combine(_tiny.Folder, "inputs");
        Directory.CreateDirectory(inputs);
        File.Copy(Directory.GetFiles(Path.Combine(data, "blues")).Order().First(), Path.Combine(inputs, "a.wav"));
        WavWriter.WriteMono16(Path.Combine(inputs, "short.wav"), new AudioSignal(Enumerable.Range(0, 1000).Select(i => 0.1f * MathF.Sin(i)).ToArray(), 22050));
        File.WriteAllText(Path.Combine(inputs, "notes.wav"), "not audio");
        string timeline = Path.Combine(_tiny.Folder, "timeline");

        var (code, output, errors) = CliCapture.Run(["predict", model, inputs, "--format", "json", "--timeline", "--out", timeline]);
        Assert.Equal(2, code);
        using var json = JsonDocument.Parse(output);
        var only = Assert.Single(json.RootElement.EnumerateArray());
        Assert.EndsWith("a.wav", only.GetProperty("file").GetString());
        Assert.Equal(3, only.GetProperty("clips").GetInt32());
        Assert.Contains("short.wav", errors);
        Assert.Contains("shorter than the model's 1 s window", errors);
        Assert.Contains("notes.wav", errors);
        Assert.Contains("not a WAV file", errors);
        var csv = File.ReadAllLines(Path.Combine(timeline, "a.timeline.csv"));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("start_seconds,end_seconds,top,p_blues", csv[0]);
        Assert.Contains("Plotly.newPlot(\"timeline\"", File.ReadAllText(Path.Combine(timeline, "a.timeline.html")));
    }

    public void Dispose() => _tiny.Dispose();
}
