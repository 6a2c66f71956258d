using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.DeepModels.Training;

/// <summary>
/// Takes a validation part out of the training rows when the experiment gives none: whole tracks (all
/// clips of a track on one side), per class, chosen with the seed.
/// </summary>
public static class ValidationSplit
{
    public static (int[] Train, int[] Validation) ByTrack(FeatureTable table, double fraction, int seed)
    {
        if (fraction <= 0) return (Enumerable.Range(0, table.Count).ToArray(), []);
        var random = new Random(seed + 101);
        var held = new HashSet<string>();
        foreach (var byClass in Enumerable.Range(0, table.Count).GroupBy(i => table.ClassIndex[i]).OrderBy(g => g.Key))
        {
            string[] tracks = byClass.Select(i => table.TrackIds[i]).Distinct().Order(StringComparer.Ordinal).ToArray();
            if (tracks.Length < 2) continue;
            random.Shuffle(tracks);
            int count = Math.Clamp((int)Math.Round(fraction * tracks.Length), 1, tracks.Length - 1);
            foreach (string t in tracks.Take(count)) held.Add(t);
        }
        var train = Enumerable.Range(0, table.Count).Where(i => !held.Contains(table.TrackIds[i])).ToArray();
        var validation = Enumerable.Range(0, table.Count).Where(i => held.Contains(table.TrackIds[i])).ToArray();
        return (train, validation);
    }
}
