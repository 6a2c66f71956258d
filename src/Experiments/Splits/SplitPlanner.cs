using MlNetGenre.Core.Data;
using MlNetGenre.Core.Splitting;
using MlNetGenre.Experiments.Plan;

namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// Turns the split settings into the list of train/validation/test divisions to run: holdout (one per repeat),
/// k-fold (k per repeat), predefined lists or the dataset's official split. Items are grouped (track, artist or
/// none) so no group is in two parts; repeats use seeds derived from the experiment seed.
/// </summary>
public static class SplitPlanner
{
    /// <param name="partOfTrack">The dataset's own split part of a track (train, valid, test), for <c>kind: official</c>.</param>
    /// <param name="skipped">Tracks left out as bad files: list lines naming them are not errors.</param>
    /// <param name="warn">Told when a class has fewer groups than k-fold folds (some folds then test none of it).</param>
    public static IReadOnlyList<SplitPlan> Plan(SplitSettings split, int seed, FeatureTable table, Func<string, string?>? partOfTrack = null,
        IReadOnlyCollection<string>? skipped = null, Action<string>? warn = null)
    {
        var groups = split.GroupBy.GroupsOf(table);
        var plans = new List<SplitPlan>();
        for (int repeat = 0; repeat < split.Repeats; repeat++)
        {
            int repeatSeed = DerivedSeed(seed, repeat);
            switch (split.Kind)
            {
                case SplitKind.KFold:
                    var folds = StratifiedGroupSplitter.Folds(table.ClassIndex, groups, split.K, repeatSeed, table.ClassNames, repeat == 0 ? warn : null);
                    for (int f = 0; f < folds.Count; f++)
                    {
                        var test = folds[f].ToHashSet();
                        var rest = Enumerable.Range(0, table.Count).Where(i => !test.Contains(i)).ToArray();
                        var (train, validation) = CarveValidation(rest, table, groups, split.ValidationFraction, repeatSeed);
                        plans.Add(new SplitPlan(repeat, f, repeatSeed, train, validation, folds[f]));
                    }
                    break;
                case SplitKind.Predefined:
                    plans.Add(Predefined(split, repeat, repeatSeed, table, skipped ?? []));
                    break;
                case SplitKind.Official:
                    List<int> Part(string name) => Enumerable.Range(0, table.Count).Where(i => partOfTrack?.Invoke(table.TrackIds[i]) == name).ToList();
                    plans.Add(new SplitPlan(repeat, 0, repeatSeed, Part("train"), Part("valid"), Part("test")));
                    break;
                default:
                    var (all, held) = StratifiedGroupSplitter.Holdout(table.ClassIndex, groups, split.TestFraction, repeatSeed);
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
        var (train, validation) = StratifiedGroupSplitter.Holdout(positions.Select(i => table.ClassIndex[i]).ToArray(),
            positions.Select(i => groups[i]).ToArray(), fraction, seed + 17);
        return (train.Select(i => positions[i]).ToArray(), validation.Select(i => positions[i]).ToArray());
    }

    private static SplitPlan Predefined(SplitSettings split, int repeat, int seed, FeatureTable table, IReadOnlyCollection<string> skipped)
    {
        var known = table.TrackIds.Concat(skipped).ToHashSet(StringComparer.Ordinal);
        string example = $"lines must be track ids such as '{table.TrackIds.FirstOrDefault()}'";
        HashSet<string> Read(string? file)
        {
            if (file is null) return [];
            var lines = SplitListFile.Read(file);
            var unknown = lines.Where(l => !known.Contains(l.TrackId)).ToArray();
            if (unknown.Length == lines.Count && lines.Count > 0)
                // Nothing in it is a track: likely the wrong file, whose content is not ours to print.
                throw new InvalidDataException($"split list {file}: none of its {lines.Count} line(s) names a track of the dataset; is it the right file? {example}");
            if (unknown.Length > 0)
                throw new InvalidDataException($"split list {file}: {unknown.Length} line(s) name no track of the dataset: " +
                    string.Join(", ", unknown.Take(5).Select(l => $"line {l.Number} '{Printable(l.TrackId)}'")) + (unknown.Length > 5 ? $" and {unknown.Length - 5} more" : "") +
                    $"; {example} (a skipped bad file is listed above)");
            return lines.Select(l => l.TrackId).ToHashSet(StringComparer.Ordinal);
        }
        var train = Read(split.TrainList);
        var valid = Read(split.ValidList);
        var test = Read(split.TestList);
        foreach (var (ids, file, part) in new[] { (train, split.TrainList, "train"), (test, split.TestList, "test") })
            if (ids.Count == 0)
                throw new InvalidDataException($"split list {file} names no track (it is empty, or not a regular file); split.{part} must list the {part} tracks, one id per line");
        var overlap = train.Intersect(test).Concat(train.Intersect(valid)).Concat(valid.Intersect(test)).FirstOrDefault();
        if (overlap is not null) throw new InvalidDataException($"split lists put track '{overlap}' in two parts; fix the lists");
        List<int> Positions(HashSet<string> ids) => Enumerable.Range(0, table.Count).Where(i => ids.Contains(table.TrackIds[i])).ToList();
        return new SplitPlan(repeat, 0, seed, Positions(train), Positions(valid), Positions(test));
    }

    /// <summary>A line of a split list as it may be shown: at most 80 characters, control characters as '?'.</summary>
    private static string Printable(string text)
    {
        string shown = text.Length > 80 ? text[..77] + "..." : text;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }
}
