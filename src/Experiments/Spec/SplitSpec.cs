namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// <c>split:</c> how tracks are divided. Always stratified by label; <c>group_by</c> keeps a track's
/// clips (or an artist's tracks) in one part; <c>repeats</c> re-draws the split with derived seeds.
/// </summary>
public sealed class SplitSpec : SpecNode
{
    /// <summary><c>holdout</c>, <c>kfold</c> or <c>predefined</c>.</summary>
    public string Kind { get; set; } = "holdout";
    public double TestFraction { get; set; } = 0.25;
    /// <summary>Part of the training tracks held out for validation (early stopping of deep models).</summary>
    public double ValidationFraction { get; set; }
    /// <summary>kfold: number of folds.</summary>
    public int K { get; set; } = 5;
    /// <summary>predefined: files listing track ids (e.g. <c>blues/blues.00001.wav</c>), relative to the spec file.</summary>
    public string? Train { get; set; }
    public string? Valid { get; set; }
    public string? Test { get; set; }
    /// <summary><c>track</c> (default), <c>artist</c> (datasets that know artists) or <c>none</c>.</summary>
    public string GroupBy { get; set; } = "track";
    public int Repeats { get; set; } = 1;
}
