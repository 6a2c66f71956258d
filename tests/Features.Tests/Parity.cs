namespace MlNetGenre.Features.Tests;

/// <summary>Error measures relative to an array's scale, the tolerance convention of DESIGN.md.</summary>
internal static class Parity
{
    /// <summary>max |actual - expected| / max |expected|, with the index of the worst element.</summary>
    public static (double Relative, double MaxAbsError, double Scale, int WorstIndex) Compare(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, worst = -1;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            double error = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > worst)
            {
                worst = error;
                worstIndex = i;
            }
        }
        return (scale == 0 ? worst : worst / scale, worst, scale, worstIndex);
    }

    /// <summary>Asserts max |actual - expected| &lt;= tolerance x max |expected| and returns the relative error.</summary>
    public static double AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double tolerance, string what, int columns = 0)
    {
        var (relative, error, scale, index) = Compare(actual, expected);
        string where = columns > 0 ? $"[{index / columns}, {index % columns}]" : $"[{index}]";
        Assert.True(relative <= tolerance,
            $"{what}: max abs error {error:G4} at {where} (ours {actual[index]:G9}, librosa {expected[index]:G9}) " +
            $"= {relative:G3} x max |reference| ({scale:G6}); tolerance {tolerance:G3}.");
        return relative;
    }
}
