namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// k folds over groups, stratified by label: within each label the groups are shuffled with the seed
/// and dealt round-robin, starting where the previous label stopped so fold sizes stay balanced.
/// A group never appears in two folds.
/// </summary>
public static class StratifiedGroupFolds
{
    /// <returns>For each fold, the item positions of its test part.</returns>
    /// <param name="classNames">Names for the error message (class indices are used when absent).</param>
    public static IReadOnlyList<IReadOnlyList<int>> Split(IReadOnlyList<int> labels, IReadOnlyList<string> groups, int k, int seed,
        IReadOnlyList<string>? classNames = null)
    {
        var groupLabel = new Dictionary<string, int>();
        for (int i = 0; i < labels.Count; i++) groupLabel.TryAdd(groups[i], labels[i]);
        var random = new Random(seed);
        var foldOfGroup = new Dictionary<string, int>();
        int next = 0;
        foreach (var byLabel in groupLabel.GroupBy(g => g.Value).OrderBy(g => g.Key))
        {
            string[] shuffled = byLabel.Select(g => g.Key).Order(StringComparer.Ordinal).ToArray();
            if (shuffled.Length < k)
                throw new ArgumentException($"class '{(classNames is null ? byLabel.Key.ToString() : classNames[byLabel.Key])}' has {shuffled.Length} track(s) " +
                    $"(or artists), fewer than the {k} folds; use fewer folds (cv.folds or split.k) or more data for it");
            random.Shuffle(shuffled);
            foreach (string g in shuffled) foldOfGroup[g] = next++ % k;
        }
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Count; i++) folds[foldOfGroup[groups[i]]].Add(i);
        return folds;
    }
}
