using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments;

/// <summary>
/// Feature sets as the experiment layer sees them: the kinds of <see cref="FeatureSetCatalog"/> plus
/// <c>csv</c>, which stands for the columns of a features-csv dataset.
/// </summary>
public static class FeatureSetRegistry
{
    /// <summary>The kind that stands for the columns of a features-csv dataset.</summary>
    public const string CsvKind = "csv";

    public static IEnumerable<string> Kinds => FeatureSetCatalog.Kinds.Append(CsvKind);

    /// <summary>Null when the set and its parameters are usable, else the problem and what is allowed.</summary>
    public static string? Check(string kind, IReadOnlyDictionary<string, object> parameters, bool csvDataset, double clipSeconds)
    {
        if (csvDataset != (kind == CsvKind))
            return csvDataset
                ? $"a features-csv dataset provides its own columns: use 'set: {CsvKind}' (not '{kind}')"
                : $"'set: {CsvKind}' needs a features-csv dataset";
        if (kind == CsvKind) return parameters.Count == 0 ? null : $"'set: {CsvKind}' takes no params (choose columns with dataset.columns)";
        if (!FeatureSetCatalog.Kinds.Contains(kind))
            return $"unknown feature set '{kind}'; allowed: {string.Join(", ", Kinds)}";
        if (FeatureSetCatalog.IsMatrix(kind) && clipSeconds <= 0)
            return $"'{kind}' is a 2-D input whose shape depends on the clip length: set audio.clip_seconds";
        try
        {
            FeatureSetCatalog.Create(kind, AsNullable(parameters), 22050, clipSamples: 22050);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>The set for audio at <paramref name="sampleRate"/> Hz cut into clips of <paramref name="clipSamples"/> samples.</summary>
    public static IFeatureSet Create(FeatureSpec spec, int sampleRate, int? clipSamples) =>
        FeatureSetCatalog.Create(spec.Set, AsNullable(spec.Params), sampleRate, clipSamples);

    private static Dictionary<string, object?> AsNullable(IReadOnlyDictionary<string, object> parameters) =>
        parameters.ToDictionary(p => p.Key, p => (object?)p.Value);
}
