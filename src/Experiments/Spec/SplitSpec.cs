namespace MlNetGenre.Experiments.Spec;

/// <summary><c>split:</c> how tracks are divided into train and test. Stratified by label, grouped by track.</summary>
public sealed class SplitSpec : SpecNode
{
    public string Kind { get; set; } = "holdout";
    public double TestFraction { get; set; } = 0.25;
    /// <summary><c>track</c>: all items of a track stay in one part (the only grouping so far).</summary>
    public string GroupBy { get; set; } = "track";
}
