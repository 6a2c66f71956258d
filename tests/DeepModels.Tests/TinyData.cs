using MlNetGenre.Core.Data;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>Small labelled tables whose classes differ in a learnable way: vectors, or matrices with a class-specific band.</summary>
internal static class TinyData
{
    public static FeatureTable Matrices(int classes, int perClass, int rows, int frames, int seed, int clipsPerTrack = 1)
    {
        var random = new Random(seed);
        var items = new List<float[]>();
        var labels = new List<int>();
        var tracks = new List<string>();
        for (int i = 0; i < classes * perClass; i++)
        {
            int c = i % classes;
            var m = new float[rows * frames];
            for (int r = 0; r < rows; r++)
            for (int t = 0; t < frames; t++)
                m[r * frames + t] = (float)(random.NextDouble() - 0.5 + (r * classes / rows == c ? 1.5 : 0) + 0.3 * Math.Sin(t * (c + 1) * 0.5));
            items.Add(m);
            labels.Add(c);
            tracks.Add($"track{i / clipsPerTrack}");
        }
        var ids = Enumerable.Range(0, items.Count).Select(i => $"item{i}").ToArray();
        return new FeatureTable(items, labels, tracks, ids, Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray(), [])
        {
            ItemShape = [rows, frames],
            TrackIds = tracks,
        };
    }

    public static FeatureTable Vectors(int classes, int perClass, int features, int seed)
    {
        var random = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i < classes * perClass; i++)
        {
            int c = i % classes;
            rows.Add(Enumerable.Range(0, features).Select(j => (float)((random.NextDouble() - 0.5) + (j % classes == c ? 1.2 : 0)) * (j + 1)).ToArray());
            labels.Add(c);
        }
        var ids = Enumerable.Range(0, rows.Count).Select(i => $"item{i}").ToArray();
        return new FeatureTable(rows, labels, ids, ids, Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray(),
            Enumerable.Range(0, features).Select(j => $"f{j}").ToArray());
    }
}
