using System.Globalization;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// The feature-set kinds a YAML file can name (<c>set:</c>) and their parameters, and the factory the experiment layer
/// calls: <see cref="Create"/>(kind, parameters, sample rate, clip samples). Parameter values may be numbers, booleans
/// or strings (as a YAML reader hands them over); numbers are parsed with the invariant culture. Unknown kinds,
/// unknown parameters and ill-typed values are errors that list what is allowed. 2-D sets (<see cref="IsMatrix"/>)
/// need the clip length in samples, because their frame count (and so their shape) depends on it: each signal is
/// cut to its first clipSamples samples or zero-padded at the end to that length.
/// </summary>
public static class FeatureSetCatalog
{
    private static readonly Dictionary<string, (bool Matrix, string[] Parameters, string Summary)> Specs = new(StringComparer.Ordinal)
    {
        [Seed001FeatureSet.Kind] = (false, ["n_fft", "hop_length", "n_mels"], "seed 001's 75-value vector (chroma, rms, spectral, zcr, tempo, MFCC means and variances)"),
        ["mfcc"] = (false, ["n_mfcc", "n_mels", "n_fft", "hop_length"], "MFCC means and variances"),
        [KaggleGtzanFeatureSet.Kind] = (false, ["n_fft", "hop_length", "n_mels"], "the 57 columns of Kaggle GTZAN features_30_sec.csv"),
        [StftFeatureSet.Kind] = (true, ["n_fft", "hop_length", "center", "power"], "linear STFT power, bins x frames (seed 000)"),
        [LogMelFeatureSet.Kind] = (true, ["n_mels", "n_fft", "hop_length", "top_db", "ref", "scale01"], "dB mel spectrogram, mels x frames (seed 001: scale01)"),
        [MfccMatrixFeatureSet.Kind] = (true, ["n_mfcc", "n_mels", "n_fft", "hop_length"], "MFCC matrix, n_mfcc x frames"),
    };

    /// <summary>Every kind, in a stable order.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. Specs.Keys];

    /// <summary>True for the 2-D inputs (stft, logmel, mfcc-matrix), which need the clip length.</summary>
    public static bool IsMatrix(string kind) => Spec(kind).Matrix;

    /// <summary>The parameter names <paramref name="kind"/> accepts.</summary>
    public static IReadOnlyList<string> ParameterNames(string kind) => Spec(kind).Parameters;

    /// <summary>A one-line description of <paramref name="kind"/>.</summary>
    public static string Describe(string kind) => Spec(kind).Summary;

    /// <summary>
    /// Creates the set <paramref name="kind"/> for audio at <paramref name="sampleRate"/> Hz. <paramref name="clipSamples"/>
    /// is required for 2-D sets and ignored by vector sets.
    /// </summary>
    public static IFeatureSet Create(string kind, IReadOnlyDictionary<string, object?>? parameters, int sampleRate, int? clipSamples = null)
    {
        var spec = Spec(kind);
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
        var p = new Reader(kind, parameters ?? new Dictionary<string, object?>(), spec.Parameters);
        int clip = 0;
        if (spec.Matrix)
        {
            if (clipSamples is not { } c || c <= 0)
                throw new ArgumentException(
                    $"Feature set '{kind}' is a 2-D input whose frame count depends on the clip length: give the clip length in samples " +
                    "(clip seconds x sample rate).", nameof(clipSamples));
            clip = c;
        }
        return kind switch
        {
            Seed001FeatureSet.Kind => new Seed001FeatureSet(sampleRate, p.Int("n_fft", 2048), p.Int("hop_length", 512), p.Int("n_mels", 128)),
            "mfcc" => new MfccStatsFeatureSet(sampleRate, p.Int("n_mfcc", 20), p.Int("n_mels", 128), p.Int("n_fft", 2048), p.Int("hop_length", 512)),
            KaggleGtzanFeatureSet.Kind => new KaggleGtzanFeatureSet(sampleRate, p.Int("n_fft", 2048), p.Int("hop_length", 512), p.Int("n_mels", 128)),
            StftFeatureSet.Kind => new StftFeatureSet(sampleRate, clip, p.Int("n_fft", 1024), p.Int("hop_length", 512), p.Bool("center", false), p.Double("power", 2.0)),
            LogMelFeatureSet.Kind => new LogMelFeatureSet(sampleRate, clip, p.Int("n_mels", 128), p.Int("n_fft", 2048), p.Int("hop_length", 512),
                p.NullableDouble("top_db", 80.0), p.Bool("scale01", false), p.Choice("ref", "1", ["1", "max"]) == "max"),
            MfccMatrixFeatureSet.Kind => new MfccMatrixFeatureSet(sampleRate, clip, p.Int("n_mfcc", 20), p.Int("n_mels", 128), p.Int("n_fft", 2048), p.Int("hop_length", 512)),
            _ => throw new InvalidOperationException($"Feature set kind '{kind}' is listed but not constructed."),
        };
    }

    private static (bool Matrix, string[] Parameters, string Summary) Spec(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!Specs.TryGetValue(kind, out var spec))
            throw new ArgumentException($"Unknown feature set '{kind}'. Allowed: {string.Join(", ", Specs.Keys)}.", nameof(kind));
        return spec;
    }

    /// <summary>Typed access to the parameter dictionary, with errors that name the set, the parameter and what it takes.</summary>
    private sealed class Reader
    {
        private readonly string _kind;
        private readonly IReadOnlyDictionary<string, object?> _values;

        public Reader(string kind, IReadOnlyDictionary<string, object?> values, string[] allowed)
        {
            _kind = kind;
            _values = values;
            foreach (string key in values.Keys)
                if (Array.IndexOf(allowed, key) < 0)
                    throw new ArgumentException(
                        $"Feature set '{kind}' has no parameter '{key}'. Allowed: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))}.", nameof(values));
        }

        public int Int(string name, int fallback)
        {
            if (!_values.TryGetValue(name, out object? value) || value is null) return fallback;
            switch (value)
            {
                case int i: return Positive(name, i);
                case long l when l is > 0 and <= int.MaxValue: return (int)l;
                case double d when d == Math.Floor(d) && d is > 0 and <= int.MaxValue: return (int)d;
                case string s when int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed): return Positive(name, parsed);
            }
            throw Bad(name, value, "a positive integer");
        }

        public double Double(string name, double fallback)
        {
            if (!_values.TryGetValue(name, out object? value) || value is null) return fallback;
            return ParseDouble(name, value);
        }

        public double? NullableDouble(string name, double fallback)
        {
            if (!_values.TryGetValue(name, out object? value)) return fallback;
            if (value is null || value is string s && (s.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) || s.Trim() == "null" || s.Trim() == "~"))
                return null;
            return ParseDouble(name, value);
        }

        public bool Bool(string name, bool fallback)
        {
            if (!_values.TryGetValue(name, out object? value) || value is null) return fallback;
            if (value is bool b) return b;
            if (value is string s)
            {
                if (s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
                if (s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            }
            throw Bad(name, value, "true or false");
        }

        public string Choice(string name, string fallback, string[] allowed)
        {
            if (!_values.TryGetValue(name, out object? value) || value is null) return fallback;
            string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
            if (value is double d && d == 1.0 || value is int i && i == 1 || value is long l && l == 1) text = "1";
            if (Array.IndexOf(allowed, text) >= 0) return text;
            throw Bad(name, value, "one of " + string.Join(", ", allowed));
        }

        private double ParseDouble(string name, object value)
        {
            double result = value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
                _ => double.NaN,
            };
            if (!double.IsFinite(result)) throw Bad(name, value, "a finite number");
            return result;
        }

        private int Positive(string name, int value) => value > 0 ? value : throw Bad(name, value, "a positive integer");

        private ArgumentException Bad(string name, object value, string what) =>
            new($"Parameter '{name}' of feature set '{_kind}' must be {what}; got '{Convert.ToString(value, CultureInfo.InvariantCulture)}'.", name);
    }
}
