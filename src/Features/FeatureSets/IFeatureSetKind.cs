using MlNetGenre.Core.Components;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// A feature set as YAML names it (<c>set: logmel</c>): its typed options and a factory for a given sample rate and
/// clip length. Each set declares its kind as a nested <c>Kind</c> class in its own file; <see cref="FeatureSetKinds"/> finds it.
/// </summary>
public interface IFeatureSetKind : IComponent
{
    /// <summary>True for 2-D inputs (spectrograms, MFCC matrices), whose shape depends on the clip length.</summary>
    bool IsMatrix { get; }

    /// <summary>
    /// Null when the set is plain linear algebra that an ONNX graph can compute from audio (for audio-in models);
    /// otherwise why it cannot be (estimated tuning, tempo, HPSS).
    /// </summary>
    string? AudioInRefusal { get; }

    /// <summary>The set for audio at <paramref name="sampleRate"/> Hz; 2-D sets need <paramref name="clipSamples"/>. Throws ArgumentException for options that do not go together.</summary>
    IFeatureSet Create(object options, int sampleRate, int? clipSamples);
}

/// <summary>Base of a feature-set kind with options record <typeparamref name="TOptions"/> (its initial values are the defaults).</summary>
public abstract class FeatureSetKind<TOptions> : IFeatureSetKind where TOptions : class, new()
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract bool IsMatrix { get; }
    public virtual string? AudioInRefusal => null;
    public object DefaultOptions => new TOptions();

    public IFeatureSet Create(object options, int sampleRate, int? clipSamples)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be positive.");
        if (IsMatrix && clipSamples is not > 0)
            throw new ArgumentException($"feature set '{Name}' is a 2-D input whose frame count depends on the clip length: set audio.clip_seconds");
        return Create((TOptions)options, sampleRate, clipSamples ?? 0);
    }

    protected abstract IFeatureSet Create(TOptions options, int sampleRate, int clipSamples);
}
