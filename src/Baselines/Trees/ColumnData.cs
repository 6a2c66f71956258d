using MlNetGenre.Core.Data;

namespace MlNetGenre.Baselines.Trees;

/// <summary>Training rows stored column by column (what split searches scan), with class labels.</summary>
public sealed class ColumnData
{
    private ColumnData(float[][] columns, int[] labels, int classes)
    {
        Columns = columns;
        Labels = labels;
        Classes = classes;
    }

    /// <summary>[feature][sample].</summary>
    public float[][] Columns { get; }
    public int[] Labels { get; }
    public int Classes { get; }
    public int Samples => Labels.Length;
    public int Features => Columns.Length;

    public static ColumnData From(FeatureTable table)
    {
        int n = table.Count, d = table.Rows[0].Length;
        var columns = new float[d][];
        for (int f = 0; f < d; f++) columns[f] = new float[n];
        for (int i = 0; i < n; i++)
        {
            float[] row = table.Rows[i];
            if (row.Length != d) throw new ArgumentException($"row {i} has {row.Length} values, the first has {d}");
            for (int f = 0; f < d; f++) columns[f][i] = row[f];
        }
        return new ColumnData(columns, table.ClassIndex.ToArray(), table.ClassNames.Count);
    }
}
