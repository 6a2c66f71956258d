using System.Globalization;

namespace MlNetGenre.Core.Data;

/// <summary>
/// Everything between audio and a model's input: the feature set (its YAML kind and canonical options), the
/// sample rate (0 = each file at its own rate, for whole-track vector models), the clip windowing and the input shape. Training builds it once from the plan; export writes
/// it into the model's metadata; prediction, the audio-in export and the web page read it back from there.
/// </summary>
public sealed record FrontEnd(string FeatureSet, IReadOnlyDictionary<string, string> FeatureOptions, int SampleRate, ClipWindowing Windowing,
    IReadOnlyList<int> InputShape)
{
    public const string FeatureSetKey = "feature_set";
    public const string SampleRateKey = "sample_rate";
    public const string ClipSecondsKey = "clip_seconds";
    public const string HopSecondsKey = "clip_hop_seconds";
    public const string ClipSamplesKey = "clip_samples";
    public const string HopSamplesKey = "hop_samples";
    public const string RemainderKey = "remainder";
    public const string MinRemainderKey = "min_remainder";
    public const string InputShapeKey = "input_shape";

    /// <summary>The feature set a features-csv dataset provides: its columns, with no audio front end.</summary>
    public const string CsvFeatureSet = "csv";

    public double ClipSeconds => SampleRate > 0 ? (double)Windowing.ClipSamples / SampleRate : 0;

    /// <summary>The flat string map stored as the model's <c>mlnetgenre.front_end</c> metadata (with the set's descriptive parameters).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata(IReadOnlyDictionary<string, string>? description = null)
    {
        var map = new Dictionary<string, string>(description ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (k, v) in FeatureOptions) map[k] = v;
        string I(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        map[FeatureSetKey] = FeatureSet;
        map[SampleRateKey] = I(SampleRate);
        map[ClipSamplesKey] = I(Windowing.ClipSamples);
        map[HopSamplesKey] = I(Windowing.HopSamples);
        map[ClipSecondsKey] = I(ClipSeconds);
        map[HopSecondsKey] = I(SampleRate > 0 ? (double)Windowing.HopSamples / SampleRate : 0);
        map[RemainderKey] = Windowing.Remainder == Remainder.Pad ? "pad" : "drop";
        map[MinRemainderKey] = I(Windowing.MinRemainder);
        map[InputShapeKey] = string.Join(",", InputShape);
        return map;
    }

    /// <summary>Reads a model's front end back; every problem names the model file and what is wrong.</summary>
    public static FrontEnd FromMetadata(IReadOnlyDictionary<string, string> map, string modelPath)
    {
        string Get(string key) => map.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidDataException($"{modelPath}: the model's front-end metadata has no '{key}', so new audio cannot be prepared the way it was trained. Re-export it with MlNetGenre.");
        int Integer(string key, int min, int max)
        {
            string text = Get(key);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max
                ? v
                : throw new InvalidDataException($"{modelPath}: front-end '{key}' is '{text}', not an integer from {min} to {max}. The metadata is damaged; re-export the model.");
        }
        string featureSet = Get(FeatureSetKey);
        int rate = featureSet == CsvFeatureSet && !map.ContainsKey(SampleRateKey) ? 0 : Integer(SampleRateKey, 0, 768_000);
        if (rate is > 0 and < 1000) throw new InvalidDataException($"{modelPath}: front-end sample_rate {rate} Hz is not a usable rate; re-export the model.");
        ClipWindowing windowing;
        if (map.ContainsKey(ClipSamplesKey))
        {
            int clip = Integer(ClipSamplesKey, 0, 768_000 * 600);
            int hop = clip == 0 ? 0 : Integer(HopSamplesKey, 1, 768_000 * 600);
            var remainder = map.GetValueOrDefault(RemainderKey) switch
            {
                "pad" => Remainder.Pad,
                null or "drop" => Remainder.Drop,
                var other => throw new InvalidDataException($"{modelPath}: front-end remainder '{other}' is not 'drop' or 'pad'; re-export the model."),
            };
            double min = map.TryGetValue(MinRemainderKey, out string? m) && double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && parsed is >= 0 and <= 1 ? parsed : 0.5;
            windowing = new ClipWindowing(clip, hop, remainder, min);
        }
        else // models exported before clip_samples was stored: seconds, windows dropped at the end
        {
            double Seconds(string key) => map.TryGetValue(key, out string? s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 0 and < 3600 ? v : 0;
            int clip = (int)Math.Round(Seconds(ClipSecondsKey) * rate);
            int hop = (int)Math.Round(Seconds(HopSecondsKey) * rate);
            windowing = new ClipWindowing(clip, hop > 0 ? hop : clip, Remainder.Drop, 0.5);
        }
        var shape = map.TryGetValue(InputShapeKey, out string? shapeText) && shapeText.Length > 0
            ? shapeText.Split(',').Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int d) && d > 0 ? d
                : throw new InvalidDataException($"{modelPath}: front-end input_shape '{shapeText}' is not a list of positive integers; re-export the model.")).ToArray()
            : [];
        return new FrontEnd(featureSet, map, rate, windowing, shape);
    }
}
