namespace MlNetGenre.Experiments.Spec;

/// <summary>One entry of <c>features:</c>: a named, parameterised feature set that models refer to.</summary>
public sealed class FeatureSpec : SpecNode
{
    public required string Name { get; set; }
    /// <summary>The feature-set kind, e.g. <c>mfcc</c> (MFCC means and variances).</summary>
    public required string Set { get; set; }
    public int NMfcc { get; set; } = 20;
    public int NMels { get; set; } = 128;
    public int NFft { get; set; } = 2048;
    public int HopLength { get; set; } = 512;
}
