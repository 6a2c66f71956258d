using MlNetGenre.Core.Data;

namespace MlNetGenre.Core.Models;

/// <summary>
/// Per-feature standardisation (x - mean) / std, fitted on training rows only. A constant column gets
/// std 1, so it maps to 0 instead of NaN. Exported models carry it as Sub and Div nodes (Onnx's StandardizerGraph).
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

    /// <summary>
    /// One mean and one standard deviation over every value of every row, for 2-D inputs (spectrograms). Reads the
    /// rows twice through one reused buffer, so rows on disk are streamed, never held.
    /// </summary>
    public static Standardizer FitScalar(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("Cannot fit a standardizer on zero rows.", nameof(rows));
        double sum = 0, sumSquares = 0;
        long count = 0;
        foreach (var row in Stream(rows))
        foreach (float v in row)
        {
            sum += v;
            count++;
        }
        double mean = sum / count;
        foreach (var row in Stream(rows))
        foreach (float v in row) sumSquares += (v - mean) * (v - mean);
        double std = Math.Sqrt(sumSquares / count);
        return new Standardizer([(float)mean], [std > 1e-12 ? (float)std : 1f]);
    }

    /// <summary>A mean and standard deviation per feature (two streaming passes, like <see cref="FitScalar"/>).</summary>
    public static Standardizer Fit(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("Cannot fit a standardizer on zero rows.", nameof(rows));
        int width = rows[0].Length;
        var sum = new double[width];
        var sumSquares = new double[width];
        foreach (var row in Stream(rows))
            for (int j = 0; j < width; j++) sum[j] += row[j];
        var means = new double[width];
        for (int j = 0; j < width; j++) means[j] = sum[j] / rows.Count;
        foreach (var row in Stream(rows))
            for (int j = 0; j < width; j++) sumSquares[j] += (row[j] - means[j]) * (row[j] - means[j]);
        var scales = new float[width];
        for (int j = 0; j < width; j++)
        {
            double std = Math.Sqrt(sumSquares[j] / rows.Count);
            scales[j] = std > 1e-12 * Math.Max(1, Math.Abs(means[j])) ? (float)std : 1f;
        }
        return new Standardizer(means.Select(m => (float)m).ToArray(), scales);
    }

    /// <summary>Each row in turn: in-memory rows as they are, rows on disk read into one reused buffer.</summary>
    private static IEnumerable<float[]> Stream(IReadOnlyList<float[]> rows)
    {
        if (rows is not IRowSource source)
        {
            foreach (float[] row in rows) yield return row;
            yield break;
        }
        var buffer = new float[source.RowLength];
        for (int i = 0; i < source.Count; i++)
        {
            source.CopyRow(i, buffer);
            yield return buffer;
        }
    }

    /// <summary>True when one mean and scale apply to every value (see <see cref="FitScalar"/>).</summary>
    public bool IsScalar => Means.Length == 1;

    /// <summary>Standardises <paramref name="values"/> in place (any number of whole rows), as <see cref="Transform"/> does.</summary>
    public void TransformInPlace(Span<float> values)
    {
        for (int j = 0; j < values.Length; j++)
        {
            int k = IsScalar ? 0 : j % Means.Length;
            values[j] = (values[j] - Means[k]) / Scales[k];
        }
    }

    public float[] Transform(float[] row)
    {
        var result = new float[row.Length];
        for (int j = 0; j < row.Length; j++)
        {
            int k = IsScalar ? 0 : j;
            result[j] = (row[j] - Means[k]) / Scales[k];
        }
        return result;
    }
}
