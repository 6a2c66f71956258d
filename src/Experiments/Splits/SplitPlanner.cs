using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// Turns <c>split:</c> into the list of train/validation/test divisions to run: holdout (one per repeat),
/// k-fold (k per repeat) or predefined lists. Items are grouped (track, artist or none) so that no
/// group is in two parts; repeats use seeds derived from the experiment seed.
/// </summary>
public static class SplitPlanner
{
    /// <param name="partOfTrack">The dataset's own split part of a track (train, valid, test), for <c>kind: official</c>.</param>
    public static IReadOnlyList<SplitPlan> Plan(SplitSpec split, int seed, FeatureTable table, Func<string, string> resolvePath,
        Func<string, string?>? partOfTrack = null)
    {
        IReadOnlyList<string> groups = split.GroupBy switch
        {
            "artist" => table.Groups,
            "none" => table.ItemIds,
            _ => table.TrackIds,
        };
        var plans = new List<SplitPlan>();
        for (int repeat = 0; repeat < split.Repeats; repeat++)
        {
            int repeatSeed = DerivedSeed(seed, repeat);
            switch (split.Kind)
            {
                case "kfold":
                    var folds = StratifiedGroupFolds.Split(table.ClassIndex, groups, split.K, repeatSeed, table.ClassNames);
                    for (int f = 0; f < folds.Count; f++)
                    {
                        var test = folds[f].ToHashSet();
                        var rest = Enumerable.Range(0, table.Count).Where(i => !test.Contains(i)).ToArray();
                        var (train, validation) = CarveValidation(rest, table, groups, split.ValidationFraction, repeatSeed);
                        plans.Add(new SplitPlan(repeat, f, repeatSeed, train, validation, folds[f]));
                    }
                    break;
                case "predefined":
                    plans.Add(Predefined(split, repeat, repeatSeed, table, resolvePath));
                    break;
                case "official":
                    List<int> Part(string name) => Enumerable.Range(0, table.Count).Where(i => partOfTrack?.Invoke(table.TrackIds[i]) == name).ToList();
                    plans.Add(new SplitPlan(repeat, 0, repeatSeed, Part("train"), Part("valid"), Part("test")));
                    break;
                default:
                    var (all, held) = HoldoutSplitter.Split(table.ClassIndex, groups, split.TestFraction, repeatSeed);
                    var (trainPart, validationPart) = CarveValidation(all, table, groups, split.ValidationFraction, repeatSeed);
                    plans.Add(new SplitPlan(repeat, 0, repeatSeed, trainPart, validationPart, held));
                    break;
            }
        }
        return plans;
    }

    /// <summary>Repeat 0 uses the experiment seed itself, so a single run equals repeat 0 of a repeated one.</summary>
    public static int DerivedSeed(int seed, int repeat) => unchecked(seed + repeat * 1_000_003);

    private static (IReadOnlyList<int> Train, IReadOnlyList<int> Validation) CarveValidation(
        IReadOnlyList<int> positions, FeatureTable table, IReadOnlyList<string> groups, double fraction, int seed)
    {
        if (fraction <= 0) return (positions, []);
        var (train, validation) = HoldoutSplitter.Split(positions.Select(i => table.ClassIndex[i]).ToArray(),
            positions.Select(i => groups[i]).ToArray(), fraction, seed + 17);
        return (train.Select(i => positions[i]).ToArray(), validation.Select(i => positions[i]).ToArray());
    }

    private static SplitPlan Predefined(SplitSpec split, int repeat, int seed, FeatureTable table, Func<string, string> resolvePath)
    {
        HashSet<string> Read(string? file) => file is null
            ? []
            : File.ReadLines(resolvePath(file)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var train = Read(split.Train);
        var valid = Read(split.Valid);
        var test = Read(split.Test);
        var overlap = train.Intersect(test).Concat(train.Intersect(valid)).Concat(valid.Intersect(test)).FirstOrDefault();
        if (overlap is not null) throw new InvalidDataException($"split lists put track '{overlap}' in two parts; fix the lists");
        List<int> Positions(HashSet<string> ids) => Enumerable.Range(0, table.Count).Where(i => ids.Contains(table.TrackIds[i])).ToList();
        var trainPositions = Positions(train);
        var testPositions = Positions(test);
        if (trainPositions.Count == 0 || testPositions.Count == 0)
            throw new InvalidDataException($"the predefined split matches no dataset tracks (train {trainPositions.Count}, test {testPositions.Count} items); " +
                $"list lines must equal track ids such as '{table.TrackIds.FirstOrDefault()}'");
        return new SplitPlan(repeat, 0, seed, trainPositions, Positions(valid), testPositions);
    }
}
