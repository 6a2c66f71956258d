using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// A feature set: one fixed-shape array per audio item (a track or a clip), flattened row-major.
/// Handcrafted sets are vectors (<see cref="Shape"/> = [F], with a name per column); 2-D inputs for
/// deep models are matrices such as [n_mels, frames] (<see cref="FeatureNames"/> is then empty).
/// <see cref="Parameters"/> is written into every exported model so other runtimes can reproduce the front-end.
/// </summary>
public interface IFeatureSet
{
    /// <summary>The YAML kind of the set, e.g. <c>mfcc</c>.</summary>
    string Name { get; }

    /// <summary>Column names for vector sets, in order; empty for matrices.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Shape of one item: [F] for vectors, [rows, columns] for matrices (librosa layout: bins x frames).</summary>
    IReadOnlyList<int> Shape { get; }

    /// <summary>The front-end parameters (sample rate, n_fft, ...) as invariant strings.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The features of one item, flattened row-major, of length product(Shape).</summary>
    float[] Extract(AudioSignal signal);
}
