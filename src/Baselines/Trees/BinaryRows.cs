using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetGenre.Baselines.Trees;

/// <summary>One-vs-rest rows for ML.NET binary trainers: fixed-size Features, a boolean Label and an example Weight.</summary>
internal static class BinaryRows
{
    public sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
    }

    public static IDataView ToDataView(MLContext context, IReadOnlyList<float[]> rows, IReadOnlyList<int> classIndex, int positiveClass,
        IReadOnlyList<double>? weights = null)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        var items = rows.Select((r, i) => new Row
        {
            Features = r,
            Label = classIndex[i] == positiveClass,
            Weight = weights is null ? 1f : (float)weights[i],
        }).ToList();
        return context.Data.LoadFromEnumerable(items, schema);
    }
}
