using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Prediction;

/// <summary>
/// Classifies new audio with an exported model alone: reads the model's <see cref="FrontEnd"/> from its metadata,
/// cuts the audio into exactly the windows training used (<see cref="ClipWindowing"/>, padding included), extracts
/// the same features, scores them with ONNX Runtime and averages the window probabilities into a track result.
/// </summary>
public sealed class GenrePredictor : IDisposable
{
    private readonly OnnxScorer _scorer;
    private readonly IFeatureSet? _fixedRateSet;
    private readonly IFeatureSetKind _kind;
    private readonly object _options;

    private GenrePredictor(OnnxScorer scorer, FrontEnd frontEnd, IFeatureSetKind kind, object options)
    {
        _scorer = scorer;
        FrontEnd = frontEnd;
        _kind = kind;
        _options = options;
        if (frontEnd.SampleRate > 0) _fixedRateSet = Create(frontEnd.SampleRate);
    }

    public FrontEnd FrontEnd { get; }
    public IReadOnlyList<string> Labels => _scorer.Metadata.Labels;

    /// <summary>The rate audio is decoded at: the model's, or null for whole-track models trained on each file's own rate.</summary>
    public int? SampleRate => FrontEnd.SampleRate > 0 ? FrontEnd.SampleRate : null;

    public static GenrePredictor Open(string modelPath, ComputeDevice device = ComputeDevice.Cpu)
    {
        var scorer = OnnxScorer.Open(modelPath, device);
        try
        {
            var frontEnd = FrontEnd.FromMetadata(scorer.Metadata.FrontEnd, modelPath);
            if (frontEnd.FeatureSet == FrontEnd.CsvFeatureSet)
                throw new InvalidDataException($"{modelPath} reads the columns of a feature table (a features-csv dataset), not audio; score it with its table's columns instead");
            if (!FeatureSetKinds.Registry.TryGet(frontEnd.FeatureSet, out var kind))
                throw new InvalidDataException($"{modelPath}: feature set '{frontEnd.FeatureSet}' cannot be computed from audio by this version of MlNetGenre (known: {string.Join(", ", FeatureSetKinds.Registry.Names)})");
            object options;
            try
            {
                options = OptionBinder.BindText(kind.DefaultOptions, frontEnd.FeatureOptions, $"feature set '{kind.Name}'", modelPath);
            }
            catch (Core.Spec.SpecException e)
            {
                throw new InvalidDataException($"{modelPath}: the front-end metadata is damaged ({e.Problem}); re-export the model");
            }
            var predictor = new GenrePredictor(scorer, frontEnd, kind, options);
            predictor.CheckShape(modelPath);
            return predictor;
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    private IFeatureSet Create(int rate) => _kind.Create(_options, rate, FrontEnd.Windowing.Clipped ? FrontEnd.Windowing.ClipSamples : null);

    /// <summary>
    /// Before any audio is read: the metadata's feature set must give the inputs the graph takes (float, of the
    /// graph's rank and fixed sizes), and the graph must give float probabilities, one per label.
    /// </summary>
    private void CheckShape(string modelPath)
    {
        var shape = (_fixedRateSet ?? Create(22050)).Shape;
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
    public TrackPrediction Predict(string name, AudioSignal signal, double? hopSeconds = null)
    {
        if (SampleRate is int rate && signal.SampleRate != rate)
            throw new AudioDecodeException(name, $"is at {signal.SampleRate} Hz but the model expects {rate} Hz", "Decode it at the model's rate");
        var windowing = FrontEnd.Windowing;
        if (hopSeconds is { } hop && windowing.Clipped)
            windowing = windowing with { HopSamples = Math.Max(1, (int)Math.Round(hop * signal.SampleRate)) };
        var windows = windowing.Windows(signal.Samples.Length);
        if (windows.Count == 0)
            throw new AudioDecodeException(name, $"is {signal.DurationSeconds:F2} s long, shorter than the model's {FrontEnd.ClipSeconds:0.##} s window",
                "Use a longer excerpt");
        var set = _fixedRateSet ?? Create(signal.SampleRate);
        var clips = new List<ClipPrediction>();
        var steps = new List<ClipPrediction>();
        foreach (var window in windows)
        {
            var (probabilities, stepProbabilities) = Score(set, new AudioSignal(windowing.Cut(signal.Samples, window), signal.SampleRate), name);
            double from = (double)window.Start / signal.SampleRate;
            double to = (double)(window.Start + (windowing.Clipped ? windowing.ClipSamples : window.Available)) / signal.SampleRate;
            clips.Add(new ClipPrediction(from, to, probabilities));
            for (int t = 0; t < stepProbabilities.Length; t++)
            {
                double width = (to - from) / stepProbabilities.Length;
                steps.Add(new ClipPrediction(from + t * width, from + (t + 1) * width, stepProbabilities[t]));
            }
        }
        return new TrackPrediction(name, Labels, clips, Mean(clips.Select(c => c.Probabilities).ToList(), Labels.Count)) { Steps = steps };
    }

    /// <summary>Probabilities of one window of samples at the model's rate (streaming).</summary>
    public float[] ScoreWindow(ReadOnlySpan<float> samples) =>
        Score(_fixedRateSet ?? throw new InvalidOperationException("a native-rate model has no fixed window"), new AudioSignal(samples.ToArray(), FrontEnd.SampleRate), "stream").Probabilities;

    /// <summary>The window's probabilities and, for models with a per-step output (SongNet), each step's.</summary>
    private (float[] Probabilities, float[][] Steps) Score(IFeatureSet set, AudioSignal window, string name)
    {
        float[] features = set.Extract(window);
        foreach (float v in features)
            if (!float.IsFinite(v))
                throw new AudioDecodeException(name, "gives non-finite features (corrupt or out-of-range audio)", "Check the file");
        long[] shape = [1, .. set.Shape.Select(d => (long)d)];
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
