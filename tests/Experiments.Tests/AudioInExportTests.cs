using MlNetGenre.Experiments.Export;
using MlNetGenre.Experiments.Prediction;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;
using MlNetGenre.Testing;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// A model exported with its front end inside the graph (audio in) gives the probabilities the feature model gives
/// on our features of the same audio, passes the ONNX checker, and front ends that cannot go in a graph are refused
/// with the reason.
/// </summary>
public sealed class AudioInExportTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    [Fact]
    public void An_mfcc_model_with_audio_in_equals_the_feature_model_on_our_features()
    {
        var run = _tiny.Run(TinyExperiment.Spec);
        var clips = new[] { ("blues", 40), ("metal", 41), ("jazz", 42), ("disco", 43) }
            .Select(c => SyntheticTrackGenerator.Render(c.Item1, c.Item2, 3, 22050, seed: 11).Samples);
        double worst = LargestDifference(Path.Combine(run.RunDirectory, "models", "logreg.onnx"), clips);
        Assert.True(worst <= 1e-4, $"largest |features - audio in| probability difference: {worst:E2}");
    }

    [Theory]
    [InlineData("mfcc-matrix", "{n_mfcc: 13, n_mels: 40}")]
    [InlineData("logmel", "{n_mels: 32}")]
    [InlineData("logmel", "{n_mels: 32, ref: max, top_db: 60, scale01: true}")]
    [InlineData("logmel", "{n_mels: 24, top_db: none, scale01: true}")]
    [InlineData("stft", "{n_fft: 512, hop_length: 256}")]
    [InlineData("stft", "{n_fft: 256, hop_length: 128, center: true, power: 1}")]
    public void A_cnn_on_a_2d_set_with_audio_in_equals_the_feature_model(string set, string parameters)
    {
        var run = _tiny.Run($$$"""
            name: tiny2d
            seed: 7
            dataset: {kind: synthetic, genres: 3, tracks_per_genre: 6, seconds: 2}
            audio: {sample_rate: 22050, clip_seconds: 1}
            features:
              - {name: matrix, set: {{{set}}}, params: {{{parameters}}}}
            split: {test_fraction: 0.34}
            models:
              - {name: cnn, family: cnn-small, features: matrix, params: {channels: "4,4,4,4", dense: 8, epochs: 2}}
            """);
        var clips = new[] { ("blues", 40), ("metal", 41), ("jazz", 42) }
            .Select(c => SyntheticTrackGenerator.Render(c.Item1, c.Item2, 1, 22050, seed: 11).Samples);
        double worst = LargestDifference(Path.Combine(run.RunDirectory, "models", "cnn.onnx"), clips);
        Assert.True(worst <= 1e-4, $"{set} {parameters}: largest |features - audio in| probability difference: {worst:E2}");
    }

    [SharedDataFact]
    public void On_the_60_real_gtzan_tracks_the_audio_in_model_equals_the_feature_model()
    {
        var run = _tiny.Run(TinyExperiment.Spec);
        var files = Directory.GetFiles(SharedData.PathOf("gtzan16k"), "*.wav", SearchOption.AllDirectories).Order().ToArray();
        Assert.Equal(60, files.Length);
        var tracks = files.Select(f => Resampler.Resample(WavReader.Read(f), 22050).Samples); // whole 30 s tracks, as the model was trained (clip 0)
        double worst = LargestDifference(Path.Combine(run.RunDirectory, "models", "logreg.onnx"), tracks);
        Assert.True(worst <= 1e-4, $"largest |features - audio in| probability difference over 60 tracks: {worst:E2}");
    }

    /// <summary>
    /// The seed models at their real size (seed 000's CNN and BGRU on its 513 x 128 STFT of 3 s clips, seed 004's SongNet
    /// and LSTM on the 64-band log-mel of 30 s clips; seed 000's attention and parallel CRNN too), trained for one epoch on a few synthetic tracks (parity does not depend on
    /// how well they learned), then compared on the first clip of each of the 60 real GTZAN tracks.
    /// </summary>
    [SharedDataTheory]
    [InlineData("cnn", "stft", "{n_fft: 1024, hop_length: 512}", 3)]
    [InlineData("bgru", "stft", "{n_fft: 1024, hop_length: 512}", 3)]
    [InlineData("bgru-attention", "stft", "{n_fft: 1024, hop_length: 512}", 3)]
    [InlineData("parallel-crnn", "stft", "{n_fft: 1024, hop_length: 512}", 3)]
    [InlineData("songnet", "logmel", "{n_mels: 64}", 30)]
    [InlineData("lstm", "logmel", "{n_mels: 64}", 30)]
    public void A_seed_network_with_audio_in_equals_the_feature_model_on_the_60_real_tracks(string family, string set, string parameters, int seconds)
    {
        var run = _tiny.Run($$$"""
            name: seed-{{{family}}}
            seed: 5
            dataset: {kind: synthetic, genres: 3, tracks_per_genre: 2, seconds: {{{seconds}}}}
            audio: {sample_rate: 22050, clip_seconds: {{{seconds}}}}
            features:
              - {name: spectrogram, set: {{{set}}}, params: {{{parameters}}}}
            split: {test_fraction: 0.34}
            models:
              - {name: net, family: {{{family}}}, features: spectrogram, train: {epochs: 1, batch_size: 4}}
            """);
        int clip = seconds * 22050;
        var clips = Directory.GetFiles(SharedData.PathOf("gtzan16k"), "*.wav", SearchOption.AllDirectories).Order()
            .Select(f => Resampler.Resample(WavReader.Read(f), 22050).Samples)
            .Select(track => track.Length >= clip ? track[..clip] : [.. track, .. new float[clip - track.Length]]).ToList();
        Assert.Equal(60, clips.Count);
        double worst = LargestDifference(Path.Combine(run.RunDirectory, "models", "net.onnx"), clips);
        Assert.True(worst <= 1e-4, $"{family} on {set}: largest |features - audio in| probability difference over 60 real clips: {worst:E2}");
    }

    /// <summary>
    /// Exports <paramref name="featureModel"/> with audio in (checked by onnx.checker where available, and carrying the
    /// audio-input metadata); returns the largest difference between its probabilities and the feature model's on our
    /// features of the same audio, over every clip and class.
    /// </summary>
    private double LargestDifference(string featureModel, IEnumerable<float[]> clips)
    {
        string audioModel = Path.Combine(_tiny.Folder, Path.GetFileNameWithoutExtension(featureModel) + "-audio.onnx");
        OnnxModelFile.Save(AudioInExport.Build(featureModel), audioModel);
        if (OnnxChecker.Available) Assert.Null(OnnxChecker.Check(audioModel));
        Assert.Contains(AudioInExport.AudioInputKey, File.ReadAllText(audioModel));
        using var predictor = GenrePredictor.Open(featureModel);
        using var audioIn = OnnxScorer.Open(audioModel);
        double worst = 0;
        foreach (float[] clip in clips)
        {
            float[] expected = predictor.ScoreWindow(clip);
            float[] actual = audioIn.PredictRows([clip], [clip.Length])[0];
            worst = Math.Max(worst, expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).Max());
        }
        return worst;
    }

    [Fact]
    public void The_yaml_export_option_writes_the_audio_in_model_beside_the_feature_model_even_for_reused_trials()
    {
        string spec = TinyExperiment.Spec.Replace("params: {c: 10}", "params: {c: 10}\n    export: {audio_in: true}");
        var first = _tiny.Run(spec);
        string audioModel = Path.Combine(first.RunDirectory, "models", "logreg.audio.onnx");
        Assert.True(File.Exists(audioModel));
        using (var scorer = OnnxScorer.Open(audioModel)) Assert.Equal(1, scorer.Input.Dimensions.Count - 1); // [N, samples]
        var second = _tiny.Run(spec);
        Assert.True(second.Trials.All(t => t.Reused));
        Assert.True(File.Exists(Path.Combine(second.RunDirectory, "models", "logreg.audio.onnx")));

        var error = Assert.Throws<Core.Spec.SpecException>(() => _tiny.Run(spec.Replace("set: mfcc", "set: seed001").Replace("params: {n_mfcc: 13}", "params: {}")));
        Assert.Contains("audio_in", error.Message);
    }

    [Fact]
    public void Fed_one_tracks_clips_the_track_outputs_give_what_predict_gives_for_the_track()
    {
        var run = _tiny.Run(TinyExperiment.Spec.Replace("features:\n  - name: mfcc13", "audio: {sample_rate: 22050, clip_seconds: 1}\nfeatures:\n  - name: mfcc13"));
        string featureModel = Path.Combine(run.RunDirectory, "models", "logreg.onnx"), audioModel = Path.Combine(_tiny.Folder, "track.audio.onnx");
        OnnxModelFile.Save(AudioInExport.Build(featureModel), audioModel);
        using var predictor = GenrePredictor.Open(featureModel);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(audioModel);
        foreach (var (genre, seed) in new[] { ("blues", 40), ("metal", 41) })
        {
            var track = SyntheticTrackGenerator.Render(genre, seed, 3, 22050, seed: 11);
            var expected = predictor.Predict(genre, track);
            Assert.Equal(3, expected.Clips.Count);
            var clips = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(track.Samples.AsMemory(0, 3 * 22050), [3, 22050]);
            using var outputs = session.Run([Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(AudioInExport.AudioInput, clips)],
                [AudioInExport.TrackProbabilitiesOutput, AudioInExport.TrackLabelOutput]);
            float[] probabilities = outputs.First(o => o.Name == AudioInExport.TrackProbabilitiesOutput).AsEnumerable<float>().ToArray();
            string label = outputs.First(o => o.Name == AudioInExport.TrackLabelOutput).AsEnumerable<string>().Single();
            Assert.Equal(expected.TopLabel, label);
            Assert.True(expected.Probabilities.Zip(probabilities, (e, a) => Math.Abs(e - a)).Max() <= 1e-4,
                $"{genre}: predict [{string.Join(", ", expected.Probabilities)}], track outputs [{string.Join(", ", probabilities)}]");
        }
    }

    [Fact]
    public void A_front_end_that_no_graph_expresses_is_refused_with_the_reason()
    {
        var run = _tiny.Run(TinyExperiment.Spec.Replace("set: mfcc", "set: seed001").Replace("params: {n_mfcc: 13}", "params: {}"));
        var e = Assert.Throws<InvalidDataException>(() => AudioInExport.Build(Path.Combine(run.RunDirectory, "models", "logreg.onnx")));
        Assert.Contains("tuning", e.Message);
    }

    public void Dispose() => _tiny.Dispose();
}
