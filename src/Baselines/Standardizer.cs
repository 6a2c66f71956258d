using MlNetGenre.Onnx;

namespace MlNetGenre.Baselines;

/// <summary>
/// Per-feature standardisation (x - mean) / std, fitted on training rows only. A constant column gets
/// std 1, so it maps to 0 instead of NaN. Part of every exported model's ONNX graph.
/// </summary>
public sealed class Standardizer
{
    private Standardizer(float[] means, float[] scales)
    {
        Means = means;
        Scales = scales;
    }

    public float[] Means { get; }
    /// <summary>Population standard deviation per feature (1 for constant features).</summary>
    public float[] Scales { get; }

    public static Standardizer Fit(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("Cannot fit a standardizer on zero rows.", nameof(rows));
        int width = rows[0].Length;
        var sum = new double[width];
        var sumSquares = new double[width];
        foreach (float[] row in rows)
            for (int j = 0; j < width; j++) sum[j] += row[j];
        var means = new double[width];
        for (int j = 0; j < width; j++) means[j] = sum[j] / rows.Count;
        foreach (float[] row in rows)
            for (int j = 0; j < width; j++) sumSquares[j] += (row[j] - means[j]) * (row[j] - means[j]);
        var scales = new float[width];
        for (int j = 0; j < width; j++)
        {
            double std = Math.Sqrt(sumSquares[j] / rows.Count);
            scales[j] = std > 1e-12 * Math.Max(1, Math.Abs(means[j])) ? (float)std : 1f;
        }
        return new Standardizer(means.Select(m => (float)m).ToArray(), scales);
    }

    public float[] Transform(float[] row)
    {
        var result = new float[row.Length];
        for (int j = 0; j < row.Length; j++) result[j] = (row[j] - Means[j]) / Scales[j];
        return result;
    }

    /// <summary>Adds Sub and Div nodes to a graph and returns the name of the standardised value.</summary>
    public string AddToGraph(OnnxGraphBuilder graph, string input)
    {
        string mean = graph.AddInitializer("standardize_mean", Means, 1, Means.Length);
        string scale = graph.AddInitializer("standardize_std", Scales, 1, Scales.Length);
        string centred = graph.AddNode("Sub", [input, mean], "centred");
        return graph.AddNode("Div", [centred, scale], "standardized");
    }
}
