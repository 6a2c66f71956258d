namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// One train/validation/test division of the items (row positions of the feature table), for one
/// repeat and fold, with the seed models use in it. Validation is empty unless the split asks for it.
/// </summary>
public sealed record SplitPlan(int Repeat, int Fold, int Seed, IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test)
{
    /// <summary>A short stable name such as <c>r0-f2</c>.</summary>
    public string Key => $"r{Repeat}-f{Fold}";
}
