using MlNetGenre.Features.Audio;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Onnx.Prediction;

/// <summary>
/// Classifies new audio with an exported model alone: reads the model's front-end from its metadata,
/// cuts the audio into the clips the model was trained on, extracts the same features, scores them
/// with ONNX Runtime and averages the clip probabilities into a track result.
/// </summary>
public sealed class GenrePredictor : IDisposable
{
    private readonly OnnxScorer _scorer;
    private readonly IFeatureSet _featureSet;

    private GenrePredictor(OnnxScorer scorer, FrontEnd frontEnd, IFeatureSet featureSet)
    {
        _scorer = scorer;
        FrontEnd = frontEnd;
        _featureSet = featureSet;
    }

    public FrontEnd FrontEnd { get; }
    public IReadOnlyList<string> Labels => _scorer.Metadata.Labels;

    public static GenrePredictor Open(string modelPath, OnnxDevice device = OnnxDevice.Cpu)
    {
        var scorer = OnnxScorer.Open(modelPath, device);
        try
        {
            var frontEnd = FrontEnd.FromMetadata(scorer.Metadata, modelPath);
            return new GenrePredictor(scorer, frontEnd, frontEnd.CreateFeatureSet());
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    /// <summary>Window length in samples: the training clip, or the whole signal for whole-track models.</summary>
    public int WindowSamples(int signalLength) =>
        FrontEnd.ClipSeconds > 0 ? (int)Math.Round(FrontEnd.ClipSeconds * FrontEnd.SampleRate) : signalLength;

    /// <summary>Scores a decoded signal (at the model's sample rate) with windows of the given hop (default: the model's).</summary>
    public TrackPrediction Predict(string name, AudioSignal signal, double? hopSeconds = null)
    {
        if (signal.SampleRate != FrontEnd.SampleRate)
            throw new AudioDecodeException(name, $"is at {signal.SampleRate} Hz but the model expects {FrontEnd.SampleRate} Hz", "Decode it at the model's rate");
        int window = WindowSamples(signal.Samples.Length);
        if (signal.Samples.Length < window)
            throw new AudioDecodeException(name, $"is {signal.DurationSeconds:F2} s long, shorter than the model's {FrontEnd.ClipSeconds:0.##} s window",
                "Use a longer excerpt");
        int hop = FrontEnd.ClipSeconds > 0 ? Math.Max(1, (int)Math.Round((hopSeconds ?? FrontEnd.HopSeconds) * FrontEnd.SampleRate)) : window;
        var clips = new List<ClipPrediction>();
        var steps = new List<ClipPrediction>();
        for (int start = 0; start + window <= signal.Samples.Length; start += hop)
        {
            var (probabilities, stepProbabilities) = ScoreWindowWithSteps(signal.Samples.AsSpan(start, window));
            double from = (double)start / FrontEnd.SampleRate, to = (double)(start + window) / FrontEnd.SampleRate;
            clips.Add(new ClipPrediction(from, to, probabilities));
            for (int t = 0; t < stepProbabilities.Length; t++)
            {
                double width = (to - from) / stepProbabilities.Length;
                steps.Add(new ClipPrediction(from + t * width, from + (t + 1) * width, stepProbabilities[t]));
            }
        }
        return new TrackPrediction(name, Labels, clips, Mean(clips.Select(c => c.Probabilities).ToList(), Labels.Count)) { Steps = steps };
    }

    /// <summary>Probabilities of one window of samples at the model's rate.</summary>
    public float[] ScoreWindow(ReadOnlySpan<float> samples) => ScoreWindowWithSteps(samples).Probabilities;

    /// <summary>The window's probabilities and, for models with a per-step output (SongNet), each step's.</summary>
    public (float[] Probabilities, float[][] Steps) ScoreWindowWithSteps(ReadOnlySpan<float> samples)
    {
        float[] features = _featureSet.Extract(new AudioSignal(samples.ToArray(), FrontEnd.SampleRate));
        long[] shape = [1, .. _featureSet.Shape.Select(d => (long)d)];
        if (!_scorer.HasOutput(StepOutput)) return (_scorer.PredictProbabilities(features, shape)[0], []);
        var outputs = _scorer.Run(features, shape, OnnxScorer.ProbabilitiesOutput, StepOutput);
        int classes = Labels.Count;
        float[] flatSteps = outputs[1][0];
        return (outputs[0][0], Enumerable.Range(0, flatSteps.Length / classes).Select(t => flatSteps.AsSpan(t * classes, classes).ToArray()).ToArray());
    }

    /// <summary>The per-time-step output of SongNet-like models.</summary>
    public const string StepOutput = "step_probabilities";

    public static float[] Mean(IReadOnlyList<float[]> probabilities, int classes)
    {
        var mean = new float[classes];
        if (probabilities.Count == 0) return mean;
        for (int c = 0; c < classes; c++) mean[c] = (float)(probabilities.Sum(p => (double)p[c]) / probabilities.Count);
        return mean;
    }

    public void Dispose() => _scorer.Dispose();
}
