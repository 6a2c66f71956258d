using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments;

/// <summary>The registry of feature-set kinds by YAML name (<c>set:</c>).</summary>
public static class FeatureSetRegistry
{
    public static IReadOnlyList<string> Kinds { get; } = ["mfcc"];

    public static IFeatureSet Create(FeatureSpec spec, int sampleRate) => spec.Set switch
    {
        "mfcc" => new MfccStatsFeatureSet(sampleRate, spec.NMfcc, spec.NMels, spec.NFft, spec.HopLength),
        _ => throw new ArgumentException($"Unknown feature set '{spec.Set}'.", nameof(spec)),
    };
}
