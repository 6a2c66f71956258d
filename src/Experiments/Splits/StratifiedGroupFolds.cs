namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// k folds over groups, stratified by label: within each label the groups are shuffled with the seed
/// and dealt round-robin, starting where the previous label stopped so fold sizes stay balanced.
/// A group never appears in two folds.
/// </summary>
public static class StratifiedGroupFolds
{
    /// <returns>For each fold, the item positions of its test part.</returns>
    public static IReadOnlyList<IReadOnlyList<int>> Split(IReadOnlyList<int> labels, IReadOnlyList<string> groups, int k, int seed)
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
                throw new ArgumentException($"class index {byLabel.Key} has {shuffled.Length} groups, fewer than the {k} folds; use fewer folds or more data");
            random.Shuffle(shuffled);
            foreach (string g in shuffled) foldOfGroup[g] = next++ % k;
        }
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Count; i++) folds[foldOfGroup[groups[i]]].Add(i);
        return folds;
    }
}
