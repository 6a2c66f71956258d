using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Baselines;

/// <summary>Turns a <see cref="FeatureTable"/> into an ML.NET IDataView with a fixed-size Features vector and a key Label.</summary>
internal static class MlNetRows
{
    public sealed class Row
    {
        public float[] Features { get; set; } = [];
        public uint Label { get; set; }
    }

    public static IDataView ToDataView(MLContext context, IReadOnlyList<float[]> rows, IReadOnlyList<int> classIndex, int classCount)
    {
        int width = rows.Count > 0 ? rows[0].Length : 0;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        // LoadFromEnumerable takes key columns as 0-based class indices (checked by the parity test: 1-based shifts every class).
        var items = rows.Select((r, i) => new Row { Features = r, Label = (uint)classIndex[i] }).ToList();
        return context.Data.LoadFromEnumerable(items, schema);
    }

    public static IDataView ToDataView(MLContext context, FeatureTable table) =>
        ToDataView(context, table.Rows, table.ClassIndex, table.ClassNames.Count);
}
