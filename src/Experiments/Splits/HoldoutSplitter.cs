namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// A holdout split stratified by label and grouped: every group (a track, later an artist) lands in
/// exactly one part, so clips of one track never leak from training into test. Within each label the
/// groups are shuffled with the seed and the first round(fraction x groups) go to test (at least one
/// when the label has two or more groups).
/// </summary>
public static class HoldoutSplitter
{
    public static (IReadOnlyList<int> Train, IReadOnlyList<int> Test) Split(IReadOnlyList<int> labels, IReadOnlyList<string> groups, double testFraction, int seed)
    {
        if (labels.Count != groups.Count) throw new ArgumentException("labels and groups differ in length");
        // A group's label is the label of its first item (all items of a track share it).
        var groupLabel = new Dictionary<string, int>();
        for (int i = 0; i < labels.Count; i++) groupLabel.TryAdd(groups[i], labels[i]);

        var random = new Random(seed);
        var testGroups = new HashSet<string>();
        foreach (var byLabel in groupLabel.GroupBy(g => g.Value).OrderBy(g => g.Key))
        {
            string[] shuffled = byLabel.Select(g => g.Key).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(shuffled);
            int testCount = (int)Math.Round(testFraction * shuffled.Length, MidpointRounding.AwayFromZero);
            if (shuffled.Length >= 2) testCount = Math.Clamp(testCount, 1, shuffled.Length - 1);
            else testCount = 0;
            foreach (string g in shuffled.Take(testCount)) testGroups.Add(g);
        }
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < labels.Count; i++) (testGroups.Contains(groups[i]) ? test : train).Add(i);
        return (train, test);
    }
}
