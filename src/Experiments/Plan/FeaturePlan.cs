using MlNetGenre.Core.Options;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// A named feature set: its kind and typed options, or (<see cref="Kind"/> null, <c>set: csv</c>) the columns of a
/// features-csv dataset.
/// </summary>
public sealed record FeaturePlan(string Name, IFeatureSetKind? Kind, object? Options)
{
    public const string CsvSet = Core.Data.FrontEnd.CsvFeatureSet;

    public bool FromDataset => Kind is null;
    public string KindName => Kind?.Name ?? CsvSet;
    public bool IsMatrix => Kind?.IsMatrix ?? false;

    /// <summary>The set for audio at <paramref name="sampleRate"/> Hz; 2-D sets get items of <paramref name="clipSamples"/> samples.</summary>
    public IFeatureSet Create(int sampleRate, int? clipSamples) => Kind is null
        ? throw new InvalidOperationException("the csv set is read from the dataset, not computed from audio")
        : Kind.Create(Options!, sampleRate, clipSamples);

    /// <summary>Kind and options as canonical text (trial keys, cache keys).</summary>
    public string Describe() => Kind is null ? CsvSet : $"{Kind.Name}({OptionBinder.Format(Options!)})";

    /// <summary>The options as invariant text by YAML name (the model's front-end metadata).</summary>
    public IReadOnlyDictionary<string, string> OptionText => Options is null ? new Dictionary<string, string>() : OptionBinder.ToText(Options);
}
