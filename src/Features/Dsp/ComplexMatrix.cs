namespace MlNetGenre.Features.Dsp;

/// <summary>
/// A dense row-major complex matrix in single precision (numpy complex64), split into real and imaginary
/// arrays; librosa's layout: rows are frequency bins, columns are frames.
/// </summary>
public sealed class ComplexMatrix
{
    public ComplexMatrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Columns = columns;
        Real = new float[checked(rows * columns)];
        Imaginary = new float[rows * columns];
    }

    public int Rows { get; }
    public int Columns { get; }
    public float[] Real { get; }
    public float[] Imaginary { get; }

    /// <summary>|z| of every element, as float32 (numpy.abs of complex64).</summary>
    public FeatureMatrix Magnitude()
    {
        var result = new FeatureMatrix(Rows, Columns);
        for (int i = 0; i < Real.Length; i++)
        {
            double re = Real[i], im = Imaginary[i];
            result.Data[i] = (float)Math.Sqrt(re * re + im * im);
        }
        return result;
    }
}
