using MlNetGenre.Core.Data;

namespace MlNetGenre.Baselines.Tests;

/// <summary>Gaussian blobs with overlapping classes, so models are neither trivial nor hopeless.</summary>
internal static class SyntheticTables
{
    public static FeatureTable Blobs(int classes, int perClass, int features, int seed, double spread = 1.5)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, classes)
            .Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble() * 4).ToArray()).ToArray();
        var rows = new List<float[]>();
        var classIndex = new List<int>();
        for (int i = 0; i < classes * perClass; i++)
        {
            int c = i % classes;
            // Features on very different scales (as MFCC means vs centroid in Hz), so standardisation matters.
            rows.Add(Enumerable.Range(0, features)
                .Select(j => (float)((centres[c][j] + spread * Gaussian(random)) * Math.Pow(10, j % 4))).ToArray());
            classIndex.Add(c);
        }
        var ids = Enumerable.Range(0, rows.Count).Select(i => $"item{i}").ToArray();
        return new FeatureTable(rows, classIndex, ids, ids,
            Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray(),
            Enumerable.Range(0, features).Select(j => $"f{j}").ToArray());
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
