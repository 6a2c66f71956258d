namespace MlNetGenre.Experiments.Spec;

/// <summary>One entry of <c>features:</c>: a named, parameterised feature set that models refer to.</summary>
public sealed class FeatureSpec : SpecNode
{
    public required string Name { get; set; }
    /// <summary>The feature-set kind, e.g. <c>mfcc</c>, <c>seed001</c>, <c>logmel</c>.</summary>
    public required string Set { get; set; }
    /// <summary>The set's parameters (n_mfcc, n_fft, hop_length, n_mels, ...); defaults follow librosa.</summary>
    public Dictionary<string, object> Params { get; set; } = [];
}
