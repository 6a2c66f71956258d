using MlNetGenre.Experiments.Splits;

namespace MlNetGenre.Experiments.Tests;

public class HoldoutSplitterTests
{
    [Fact]
    public void Groups_never_cross_parts_and_every_label_is_in_test()
    {
        // 4 labels x 10 tracks x 3 clips per track.
        var labels = new List<int>();
        var groups = new List<string>();
        for (int label = 0; label < 4; label++)
        for (int track = 0; track < 10; track++)
        for (int clip = 0; clip < 3; clip++)
        {
            labels.Add(label);
            groups.Add($"l{label}t{track}");
        }
        var split = HoldoutSplitter.Split(labels, groups, 0.2, seed: 5);
        var trainGroups = split.Train.Select(i => groups[i]).ToHashSet();
        var testGroups = split.Test.Select(i => groups[i]).ToHashSet();
        Assert.Empty(trainGroups.Intersect(testGroups));
        Assert.Equal(labels.Count, split.Train.Count + split.Test.Count);
        for (int label = 0; label < 4; label++)
            Assert.Equal(2, testGroups.Count(g => g.StartsWith($"l{label}", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        var groups = Enumerable.Range(0, 60).Select(i => $"t{i}").ToArray();
        var a = HoldoutSplitter.Split(labels, groups, 0.25, 1);
        var b = HoldoutSplitter.Split(labels, groups, 0.25, 1);
        var c = HoldoutSplitter.Split(labels, groups, 0.25, 2);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
    }

    [Fact]
    public void Folds_keep_groups_whole_and_a_class_with_too_few_groups_is_named()
    {
        var labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var groups = Enumerable.Range(0, 40).Select(i => $"t{i / 2}").ToArray(); // two items per track
        var folds = StratifiedGroupFolds.Split(labels, groups, 4, seed: 1);
        Assert.Equal(40, folds.Sum(f => f.Count));
        Assert.All(folds, f => Assert.Empty(f.Select(i => groups[i]).Intersect(folds.Where(o => o != f).SelectMany(o => o).Select(i => groups[i]))));
        var few = Enumerable.Range(0, 12).Select(i => i < 10 ? 0 : 1).ToArray();
        var e = Assert.Throws<ArgumentException>(() => StratifiedGroupFolds.Split(few, few.Select((_, i) => $"t{i}").ToArray(), 3, 1, ["rock", "jazz"]));
        Assert.Contains("class 'jazz' has 2 track(s)", e.Message);
    }
}
