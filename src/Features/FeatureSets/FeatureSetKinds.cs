using MlNetGenre.Core.Components;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Spec;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>Every feature-set kind by YAML name: those of this assembly, found by reflection, plus registered extensions.</summary>
public static class FeatureSetKinds
{
    public static ComponentRegistry<IFeatureSetKind> Registry { get; } =
        new("feature set", () => ComponentRegistry<IFeatureSetKind>.Discover(typeof(FeatureSetKinds).Assembly));

    /// <summary>
    /// The set <paramref name="kind"/> with options given as (name, text) pairs (defaults for the rest), e.g. for the
    /// <c>features</c> command, benchmarks and tests. Unknown kinds or options are errors listing what is allowed.
    /// </summary>
    public static IFeatureSet Create(string kind, int sampleRate, int? clipSamples = null, params (string Name, string Value)[] options)
    {
        if (!Registry.TryGet(kind, out var definition))
            throw new ArgumentException($"unknown feature set '{kind}'; allowed: {string.Join(", ", Registry.Names)}");
        var position = new SourcePosition("options", 0, 0);
        try
        {
            object bound = OptionBinder.Bind(definition.DefaultOptions,
                options.Select(o => new SpecEntry(new SpecScalar(o.Name, false, position), new SpecScalar(o.Value, false, position))), $"feature set '{kind}'");
            return definition.Create(bound, sampleRate, clipSamples);
        }
        catch (SpecException e)
        {
            throw new ArgumentException(e.Problem, e);
        }
    }
}
