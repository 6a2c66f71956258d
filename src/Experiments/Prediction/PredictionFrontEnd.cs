using MlNetGenre.Core.Data;
using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Prediction;

/// <summary>One track cut into the model's windows, with each window's features: all that scoring needs.</summary>
public sealed record PreparedTrack(string Name, IReadOnlyList<(double From, double To)> Windows, IReadOnlyList<float[]> Features, IReadOnlyList<int> ItemShape);

/// <summary>
/// An exported model's front end, from its metadata alone (no ONNX Runtime session): the rate audio is decoded at,
/// the windows training used (<see cref="ClipWindowing"/>, padding included) and the features of each window. It
/// lets a caller prepare audio while the session is still loading; <see cref="GenrePredictor"/> scores the result.
/// </summary>
public sealed class PredictionFrontEnd
{
    private readonly IFeatureSet? _fixedRateSet;
    private readonly IFeatureSetKind _kind;
    private readonly object _options;

    private PredictionFrontEnd(FrontEnd frontEnd, IFeatureSetKind kind, object options)
    {
        FrontEnd = frontEnd;
        _kind = kind;
        _options = options;
        if (frontEnd.SampleRate > 0) _fixedRateSet = SetAt(frontEnd.SampleRate);
    }

    public FrontEnd FrontEnd { get; }

    /// <summary>The rate audio is decoded at: the model's, or null for whole-track models trained on each file's own rate.</summary>
    public int? SampleRate => FrontEnd.SampleRate > 0 ? FrontEnd.SampleRate : null;

    /// <summary>The shape of one window's features (at 22.05 kHz for native-rate models, whose vectors do not depend on it).</summary>
    public IReadOnlyList<int> ItemShape => (_fixedRateSet ?? SetAt(22050)).Shape;

    /// <summary>Reads the front end of the model file's metadata without loading its graph.</summary>
    public static PredictionFrontEnd Read(string modelPath) =>
        FromMetadata(OnnxModelMetadata.FromProperties(OnnxModelFile.ReadMetadata(modelPath), modelPath), modelPath);

    /// <summary>The front end the metadata describes; every problem names the model and the fix.</summary>
    public static PredictionFrontEnd FromMetadata(OnnxModelMetadata metadata, string modelPath)
    {
        var frontEnd = FrontEnd.FromMetadata(metadata.FrontEnd, modelPath);
        if (frontEnd.FeatureSet == FrontEnd.CsvFeatureSet)
            throw new InvalidDataException($"{modelPath} reads the columns of a feature table (a features-csv dataset), not audio; score it with its table's columns instead");
        if (!FeatureSetKinds.Registry.TryGet(frontEnd.FeatureSet, out var kind))
            throw new InvalidDataException($"{modelPath}: feature set '{frontEnd.FeatureSet}' cannot be computed from audio by this version of MlNetGenre (known: {string.Join(", ", FeatureSetKinds.Registry.Names)})");
        try
        {
            return new PredictionFrontEnd(frontEnd, kind, OptionBinder.BindText(kind.DefaultOptions, frontEnd.FeatureOptions, $"feature set '{kind.Name}'", modelPath));
        }
        catch (Core.Spec.SpecException e)
        {
            throw new InvalidDataException($"{modelPath}: the front-end metadata is damaged ({e.Problem}); re-export the model");
        }
    }

    /// <summary>The feature set at a rate (the model's fixed one, or a file's own for native-rate models).</summary>
    public IFeatureSet SetAt(int rate) =>
        rate == FrontEnd.SampleRate && _fixedRateSet is not null ? _fixedRateSet
        : _kind.Create(_options, rate, FrontEnd.Windowing.Clipped ? FrontEnd.Windowing.ClipSamples : null);

    /// <summary>Cuts a decoded signal into the model's windows (<paramref name="hopSeconds"/> overrides the hop) and extracts each window's features.</summary>
    public PreparedTrack Prepare(string name, AudioSignal signal, double? hopSeconds = null)
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
        var set = SetAt(signal.SampleRate);
        var spans = new List<(double, double)>();
        var features = new List<float[]>();
        foreach (var window in windows)
        {
            features.Add(Extract(set, new AudioSignal(windowing.Cut(signal.Samples, window), signal.SampleRate), name));
            double from = (double)window.Start / signal.SampleRate;
            spans.Add((from, (double)(window.Start + (windowing.Clipped ? windowing.ClipSamples : window.Available)) / signal.SampleRate));
        }
        return new PreparedTrack(name, spans, features, set.Shape);
    }

    /// <summary>The features of one window of samples at the model's rate (streaming).</summary>
    public float[] ExtractWindow(ReadOnlySpan<float> samples, string name) =>
        Extract(_fixedRateSet ?? throw new InvalidOperationException("a native-rate model has no fixed window"), new AudioSignal(samples.ToArray(), FrontEnd.SampleRate), name);

    private static float[] Extract(IFeatureSet set, AudioSignal window, string name)
    {
        float[] features = set.Extract(window);
        foreach (float v in features)
            if (!float.IsFinite(v))
                throw new AudioDecodeException(name, "gives non-finite features (corrupt or out-of-range audio)", "Check the file");
        return features;
    }
}
