namespace MlNetGenre.Features.Dsp;

/// <summary>
/// A dense row-major float matrix in librosa's layout: rows are bins or coefficients, columns are frames.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, int columns) : this(rows, columns, new float[checked(rows * columns)]) { }

    public FeatureMatrix(int rows, int columns, float[] data)
    {
        if (data.Length != rows * columns)
            throw new ArgumentException($"Data has {data.Length} values, expected {rows} x {columns}.", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public int Rows { get; }
    public int Columns { get; }
    public float[] Data { get; }

    public float this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }

    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);
}
