using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// A handcrafted feature set: one fixed-length vector per audio item, with named columns and the
/// parameters that define it (written into every exported model so other runtimes can reproduce it).
/// </summary>
public interface IVectorFeatureSet
{
    /// <summary>The YAML name of the set, e.g. <c>mfcc</c>.</summary>
    string Name { get; }

    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The front-end parameters (sample rate, n_fft, ...) as invariant strings.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    float[] Extract(AudioSignal signal);
}
