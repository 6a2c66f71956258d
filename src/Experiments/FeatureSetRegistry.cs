using System.Globalization;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments;

/// <summary>The registry of feature-set kinds by YAML name (<c>set:</c>) and their parameters.</summary>
public static class FeatureSetRegistry
{
    /// <summary>The kind that stands for the columns of a features-csv dataset.</summary>
    public const string CsvKind = "csv";

    private static readonly Dictionary<string, string[]> ParametersByKind = new()
    {
        ["mfcc"] = ["n_mfcc", "n_mels", "n_fft", "hop_length"],
    };

    public static IEnumerable<string> Kinds => ParametersByKind.Keys.Append(CsvKind);

    /// <summary>Null when the set and its parameters are usable, else the problem and what is allowed.</summary>
    public static string? Check(string kind, IReadOnlyDictionary<string, object> parameters, bool csvDataset)
    {
        if (csvDataset != (kind == CsvKind))
            return csvDataset
                ? $"a features-csv dataset provides its own columns: use 'set: {CsvKind}' (not '{kind}')"
                : $"'set: {CsvKind}' needs a features-csv dataset";
        if (kind == CsvKind) return parameters.Count == 0 ? null : $"'set: {CsvKind}' takes no params (choose columns with dataset.columns)";
        if (!ParametersByKind.TryGetValue(kind, out string[]? allowed))
            return $"unknown feature set '{kind}'; allowed: {string.Join(", ", Kinds)}";
        foreach (var (key, value) in parameters)
        {
            if (!allowed.Contains(key)) return $"feature set '{kind}' has no parameter '{key}'; allowed: {string.Join(", ", allowed)}";
            if (value is not long number || number < 1) return $"'{key}' must be a positive integer";
        }
        int Get(string key, int fallback) => parameters.TryGetValue(key, out object? v) ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : fallback;
        if (Get("n_mfcc", 20) > Get("n_mels", 128)) return "n_mfcc must not exceed n_mels";
        if (Get("n_fft", 2048) < 16) return "n_fft must be at least 16";
        return null;
    }

    public static IFeatureSet Create(FeatureSpec spec, int sampleRate)
    {
        int Get(string key, int fallback) => spec.Params.TryGetValue(key, out object? v) ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : fallback;
        return spec.Set switch
        {
            "mfcc" => new MfccStatsFeatureSet(sampleRate, Get("n_mfcc", 20), Get("n_mels", 128), Get("n_fft", 2048), Get("hop_length", 512)),
            _ => throw new ArgumentException($"Feature set '{spec.Set}' cannot be computed from audio.", nameof(spec)),
        };
    }
}
