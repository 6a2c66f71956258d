namespace MlNetGenre.Core.Splitting;

/// <summary>
/// The one splitter: stratified by label, grouped (a group — a track's clips, or an artist's tracks — is never in
/// two parts). Within each label the groups are sorted, shuffled with the seed, and then either cut (holdout:
/// the first round(fraction x groups) go to the held-out part, at least one and never all when the label has two
/// or more groups) or dealt round-robin into k folds, starting where the previous label stopped so fold sizes
/// stay balanced. Used for the experiment's split, CV folds and the validation part of deep models.
/// </summary>
public static class StratifiedGroupSplitter
{
    /// <returns>Item positions of the kept part and of the held-out part.</returns>
    public static (int[] Kept, int[] HeldOut) Holdout(IReadOnlyList<int> labels, IReadOnlyList<string> groups, double fraction, int seed)
    {
        if (fraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the held-out fraction must be between 0 and 1");
        var random = new Random(seed);
        var heldGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, shuffled) in GroupsByLabel(labels, groups, random))
        {
            int count = (int)Math.Round(fraction * shuffled.Length, MidpointRounding.AwayFromZero);
            count = shuffled.Length >= 2 ? Math.Clamp(count, 1, shuffled.Length - 1) : 0;
            foreach (string g in shuffled.Take(count)) heldGroups.Add(g);
        }
        return Partition(groups, g => heldGroups.Contains(g));
    }

    /// <returns>For each of the <paramref name="k"/> folds, the item positions of its test part.</returns>
    /// <param name="classNames">Names for messages about classes with fewer groups than folds.</param>
    /// <param name="warn">
    /// Told about each class with fewer groups than folds: its groups still go round-robin (continuing where the
    /// previous class stopped), so some folds test none of it; scikit-learn's StratifiedKFold warns the same way.
    /// Fewer groups in all than folds is an error: a fold would be empty.
    /// </param>
    public static IReadOnlyList<int[]> Folds(IReadOnlyList<int> labels, IReadOnlyList<string> groups, int k, int seed,
        IReadOnlyList<string>? classNames = null, Action<string>? warn = null)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "at least two folds are needed");
        var random = new Random(seed);
        var foldOfGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        var small = new List<string>();
        int next = 0;
        foreach (var (label, shuffled) in GroupsByLabel(labels, groups, random))
        {
            string name = classNames is null ? label.ToString(System.Globalization.CultureInfo.InvariantCulture) : classNames[label];
            if (shuffled.Length < k) small.Add($"'{name}' has {shuffled.Length} group(s) (tracks or artists)");
            foreach (string g in shuffled) foldOfGroup[g] = next++ % k;
        }
        if (foldOfGroup.Count < k)
            throw new ArgumentException($"there are {foldOfGroup.Count} groups (tracks or artists) for {k} folds; use fewer folds (cv.folds or split.k) or more data");
        if (small.Count > 0)
            warn?.Invoke($"{k} folds, but {string.Join("; ", small)}: some folds test none of them; fewer folds (cv.folds or split.k) would test every class in every fold");
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < groups.Count; i++) folds[foldOfGroup[groups[i]]].Add(i);
        return folds.Select(f => f.ToArray()).ToArray();
    }

    /// <summary>Splits positions into (not matching, matching) by their group.</summary>
    private static (int[] Kept, int[] HeldOut) Partition(IReadOnlyList<string> groups, Func<string, bool> held)
    {
        var kept = new List<int>();
        var heldOut = new List<int>();
        for (int i = 0; i < groups.Count; i++) (held(groups[i]) ? heldOut : kept).Add(i);
        return (kept.ToArray(), heldOut.ToArray());
    }

    /// <summary>Each label's groups (a group's label is that of its first item), sorted then shuffled, labels in ascending order.</summary>
    private static IEnumerable<(int Label, string[] Groups)> GroupsByLabel(IReadOnlyList<int> labels, IReadOnlyList<string> groups, Random random)
    {
        if (labels.Count != groups.Count) throw new ArgumentException("labels and groups differ in length");
        var groupLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++) groupLabel.TryAdd(groups[i], labels[i]);
        foreach (var byLabel in groupLabel.GroupBy(g => g.Value).OrderBy(g => g.Key))
        {
            string[] shuffled = byLabel.Select(g => g.Key).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(shuffled);
            yield return (byLabel.Key, shuffled);
        }
    }
}
