using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Features.Audio;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Prediction;

/// <summary>
/// Classifies new audio with an exported model alone: its <see cref="PredictionFrontEnd"/> (read from the model's
/// metadata) cuts the audio into exactly the windows training used and extracts the same features; ONNX Runtime
/// scores them, and the window probabilities are averaged into a track result.
/// </summary>
public sealed class GenrePredictor : IDisposable
{
    private readonly OnnxScorer _scorer;

    private GenrePredictor(OnnxScorer scorer, PredictionFrontEnd front)
    {
        _scorer = scorer;
        Front = front;
    }

    public PredictionFrontEnd Front { get; }
    public FrontEnd FrontEnd => Front.FrontEnd;
    public IReadOnlyList<string> Labels => _scorer.Metadata.Labels;

    /// <summary>The rate audio is decoded at: the model's, or null for whole-track models trained on each file's own rate.</summary>
    public int? SampleRate => Front.SampleRate;

    public static GenrePredictor Open(string modelPath, ComputeDevice device = ComputeDevice.Cpu)
    {
        var scorer = OnnxScorer.Open(modelPath, device);
        try
        {
            var predictor = new GenrePredictor(scorer, PredictionFrontEnd.FromMetadata(scorer.Metadata, modelPath));
            predictor.CheckShape(modelPath);
            return predictor;
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Before any audio is read: the metadata's feature set must give the inputs the graph takes (float, of the
    /// graph's rank and fixed sizes), and the graph must give float probabilities, one per label.
    /// </summary>
    private void CheckShape(string modelPath)
    {
        var shape = Front.ItemShape;
        string Shape(IEnumerable<int> dims) => "[" + string.Join(", ", dims) + "]";
        if (FrontEnd.InputShape.Count > 0 && !shape.SequenceEqual(FrontEnd.InputShape))
            throw new InvalidDataException($"{modelPath}: its front end gives inputs of shape {Shape(shape)} but the model says {Shape(FrontEnd.InputShape)}; the metadata is damaged, re-export the model");
        var (dimensions, isFloat) = _scorer.Input;
        bool fits = dimensions.Count == shape.Count + 1 && shape.Select((d, i) => dimensions[i + 1] <= 0 || dimensions[i + 1] == d).All(ok => ok);
        if (!isFloat || !fits)
            throw new InvalidDataException($"{modelPath}: the graph takes {(isFloat ? "" : "non-float ")}input of shape {Shape(dimensions)} but its front end gives float items of shape {Shape(shape)} (after the batch); re-export the model");
        if (!_scorer.HasFloatOutput(OnnxScorer.ProbabilitiesOutput))
            throw new InvalidDataException($"{modelPath}: the graph has no float output named '{OnnxScorer.ProbabilitiesOutput}'; export it with MlNetGenre (any other model needs that output)");
        if (_scorer.OutputWidth(OnnxScorer.ProbabilitiesOutput) is { } width && width != Labels.Count)
            throw new InvalidDataException($"{modelPath}: {Labels.Count} labels in the metadata but {width} probabilities per item; re-export the model");
    }

    /// <summary>What the graph gave must be one finite probability per label: a damaged model is never reported as a prediction.</summary>
    private float[] Checked(float[] probabilities)
    {
        if (probabilities.Length != Labels.Count)
            throw new InvalidDataException($"{_scorer.ModelPath}: gave {probabilities.Length} probabilities for {Labels.Count} labels; the model or its metadata is damaged, re-export it");
        foreach (float p in probabilities)
            if (!float.IsFinite(p) || p < -1e-3f || p > 1.001f)
                throw new InvalidDataException($"{_scorer.ModelPath}: gave the probability {p} for finite features; the model's weights are damaged, re-export it");
        return probabilities;
    }

    /// <summary>Scores a decoded signal (at the model's rate, or any rate for native-rate models) with the model's windows; <paramref name="hopSeconds"/> overrides the hop.</summary>
    public TrackPrediction Predict(string name, AudioSignal signal, double? hopSeconds = null) => Predict(Front.Prepare(name, signal, hopSeconds));

    /// <summary>Scores a track whose windows and features were prepared by this model's front end.</summary>
    public TrackPrediction Predict(PreparedTrack track)
    {
        var clips = new List<ClipPrediction>();
        var steps = new List<ClipPrediction>();
        for (int w = 0; w < track.Windows.Count; w++)
        {
            var (from, to) = track.Windows[w];
            var (probabilities, stepProbabilities) = Score(track.Features[w], track.ItemShape);
            clips.Add(new ClipPrediction(from, to, probabilities));
            for (int t = 0; t < stepProbabilities.Length; t++)
            {
                double width = (to - from) / stepProbabilities.Length;
                steps.Add(new ClipPrediction(from + t * width, from + (t + 1) * width, stepProbabilities[t]));
            }
        }
        return new TrackPrediction(track.Name, Labels, clips, Mean(clips.Select(c => c.Probabilities).ToList(), Labels.Count)) { Steps = steps };
    }

    /// <summary>Probabilities of one window of samples at the model's rate (streaming).</summary>
    public float[] ScoreWindow(ReadOnlySpan<float> samples) => Score(Front.ExtractWindow(samples, "stream"), Front.ItemShape).Probabilities;

    /// <summary>The window's probabilities and, for models with a per-step output (SongNet), each step's.</summary>
    private (float[] Probabilities, float[][] Steps) Score(float[] features, IReadOnlyList<int> itemShape)
    {
        long[] shape = [1, .. itemShape.Select(d => (long)d)];
        if (!_scorer.HasOutput(OnnxScorer.StepProbabilitiesOutput)) return (Checked(_scorer.PredictProbabilities(features, shape)[0]), []);
        var outputs = _scorer.Run(features, shape, OnnxScorer.ProbabilitiesOutput, OnnxScorer.StepProbabilitiesOutput);
        int classes = Labels.Count;
        float[] flatSteps = outputs[1][0];
        if (flatSteps.Length % classes != 0)
            throw new InvalidDataException($"{_scorer.ModelPath}: its '{OnnxScorer.StepProbabilitiesOutput}' output does not hold {classes} values per step; re-export the model");
        return (Checked(outputs[0][0]), Enumerable.Range(0, flatSteps.Length / classes).Select(t => flatSteps.AsSpan(t * classes, classes).ToArray()).ToArray());
    }

    public static float[] Mean(IReadOnlyList<float[]> probabilities, int classes)
    {
        var mean = new float[classes];
        if (probabilities.Count == 0) return mean;
        for (int c = 0; c < classes; c++) mean[c] = (float)(probabilities.Sum(p => (double)p[c]) / probabilities.Count);
        return mean;
    }

    public void Dispose() => _scorer.Dispose();
}
