using System.Globalization;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Onnx.Prediction;

/// <summary>
/// The audio front-end an exported model expects, read back from its ONNX metadata: the feature set and
/// its parameters, the sample rate, and the clip length and hop the model was trained on (0 = whole tracks).
/// </summary>
public sealed record FrontEnd(string FeatureSet, IReadOnlyDictionary<string, string> Parameters, int SampleRate, double ClipSeconds, double HopSeconds)
{
    public const string FeatureSetKey = "feature_set";
    public const string SampleRateKey = "sample_rate";
    public const string ClipSecondsKey = "clip_seconds";
    public const string HopSecondsKey = "clip_hop_seconds";
    public const string InputShapeKey = "input_shape";

    public static FrontEnd FromMetadata(OnnxModelMetadata metadata, string modelPath)
    {
        string Get(string key) => metadata.FrontEnd.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"{modelPath}: the model's front-end metadata has no '{key}', so new audio cannot be prepared the way it was trained. Re-export it with MlNetGenre.");
        double clip = metadata.FrontEnd.TryGetValue(ClipSecondsKey, out string? c) ? double.Parse(c, CultureInfo.InvariantCulture) : 0;
        double hop = metadata.FrontEnd.TryGetValue(HopSecondsKey, out string? h) ? double.Parse(h, CultureInfo.InvariantCulture) : 0;
        return new FrontEnd(Get(FeatureSetKey), metadata.FrontEnd, int.Parse(Get(SampleRateKey), CultureInfo.InvariantCulture), clip, hop > 0 ? hop : clip);
    }

    /// <summary>The feature set, rebuilt from the stored parameters.</summary>
    public IFeatureSet CreateFeatureSet()
    {
        if (!FeatureSetCatalog.Kinds.Contains(FeatureSet))
            throw new InvalidDataException($"feature set '{FeatureSet}' cannot be computed from audio by this version of MlNetGenre (known: {string.Join(", ", FeatureSetCatalog.Kinds)}).");
        var parameters = FeatureSetCatalog.ParameterNames(FeatureSet).Where(Parameters.ContainsKey)
            .ToDictionary(name => name, name => (object?)Parameters[name]);
        int? clipSamples = Parameters.TryGetValue("clip_samples", out string? c) ? int.Parse(c, CultureInfo.InvariantCulture)
            : ClipSeconds > 0 ? (int)Math.Round(ClipSeconds * SampleRate) : null;
        return FeatureSetCatalog.Create(FeatureSet, parameters, SampleRate, clipSamples);
    }
}
