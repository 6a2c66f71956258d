using MlNetGenre.Core.Splitting;

namespace MlNetGenre.Core.Tests;

public class StratifiedGroupSplitterTests
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
        var (train, test) = StratifiedGroupSplitter.Holdout(labels, groups, 0.2, seed: 5);
        var trainGroups = train.Select(i => groups[i]).ToHashSet();
        var testGroups = test.Select(i => groups[i]).ToHashSet();
        Assert.Empty(trainGroups.Intersect(testGroups));
        Assert.Equal(labels.Count, train.Length + test.Length);
        for (int label = 0; label < 4; label++)
            Assert.Equal(2, testGroups.Count(g => g.StartsWith($"l{label}", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        var groups = Enumerable.Range(0, 60).Select(i => $"t{i}").ToArray();
        var a = StratifiedGroupSplitter.Holdout(labels, groups, 0.25, 1);
        var b = StratifiedGroupSplitter.Holdout(labels, groups, 0.25, 1);
        var c = StratifiedGroupSplitter.Holdout(labels, groups, 0.25, 2);
        Assert.Equal(a.HeldOut, b.HeldOut);
        Assert.NotEqual(a.HeldOut, c.HeldOut);
    }

    [Fact]
    public void Folds_keep_groups_whole_and_a_class_with_too_few_groups_is_named()
    {
        var labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var groups = Enumerable.Range(0, 40).Select(i => $"t{i / 2}").ToArray(); // two items per track
        var folds = StratifiedGroupSplitter.Folds(labels, groups, 4, seed: 1);
        Assert.Equal(40, folds.Sum(f => f.Length));
        Assert.All(folds, f => Assert.Empty(f.Select(i => groups[i]).Intersect(folds.Where(o => o != f).SelectMany(o => o).Select(i => groups[i]))));
        var few = Enumerable.Range(0, 12).Select(i => i < 10 ? 0 : 1).ToArray();
        var warnings = new List<string>();
        var sparse = StratifiedGroupSplitter.Folds(few, few.Select((_, i) => $"t{i}").ToArray(), 3, 1, ["rock", "jazz"], warnings.Add);
        Assert.Contains("'jazz' has 2 group(s)", Assert.Single(warnings));
        Assert.Equal(12, sparse.Sum(f => f.Length));
        var tiny = new[] { 0, 0, 1, 1 };
        var e = Assert.Throws<ArgumentException>(() => StratifiedGroupSplitter.Folds(tiny, ["a", "b", "c", "d"], 5, 1, ["rock", "jazz"]));
        Assert.Contains("4 groups (tracks or artists) for 5 folds", e.Message);
        // Every class smaller than k still gives k non-empty folds when there are enough groups in all.
        Assert.All(StratifiedGroupSplitter.Folds(tiny, ["a", "b", "c", "d"], 3, 1), f => Assert.NotEmpty(f));
    }
}
