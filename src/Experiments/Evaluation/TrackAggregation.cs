namespace MlNetGenre.Experiments.Evaluation;

/// <summary>Track-level scoring from clips: a track's probabilities are the mean of its clips' probabilities.</summary>
public static class TrackAggregation
{
    public static (string[] Tracks, int[] Truth, float[][] Probabilities) MeanOverClips(
        IReadOnlyList<string> trackIds, IReadOnlyList<int> truth, IReadOnlyList<float[]> probabilities)
    {
        var order = new List<string>();
        var sums = new Dictionary<string, (int Truth, double[] Sum, int Count)>();
        for (int i = 0; i < trackIds.Count; i++)
        {
            if (!sums.TryGetValue(trackIds[i], out var entry))
            {
                entry = (truth[i], new double[probabilities[i].Length], 0);
                order.Add(trackIds[i]);
            }
            for (int c = 0; c < entry.Sum.Length; c++) entry.Sum[c] += probabilities[i][c];
            sums[trackIds[i]] = (entry.Truth, entry.Sum, entry.Count + 1);
        }
        return (order.ToArray(),
            order.Select(t => sums[t].Truth).ToArray(),
            order.Select(t => sums[t].Sum.Select(s => (float)(s / sums[t].Count)).ToArray()).ToArray());
    }
}
