using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class FrameStatisticsTests
{
    [Fact]
    public void Mean_and_population_variance_per_row()
    {
        var m = new FeatureMatrix(2, 4, [1f, 2f, 3f, 4f, -5f, -5f, -5f, -5f]);
        (double[] mean, double[] variance) = FrameStatistics.Rows(m);
        Assert.Equal([2.5, -5.0], mean);
        Assert.Equal([1.25, 0.0], variance); // ddof 0: divided by 4, not 3
        Assert.Equal(mean, FrameStatistics.Mean(m));
        Assert.Equal(variance, FrameStatistics.Variance(m));
    }

    [Fact]
    public void Variance_survives_a_large_offset()
    {
        // 1e6 + {1, 2, 3, 4} are exact in float32; the naive E[x^2] - E[x]^2 would lose most digits here.
        (double mean, double variance) = FrameStatistics.MeanVariance([1000001f, 1000002f, 1000003f, 1000004f]);
        Assert.Equal(1000002.5, mean, 1e-9);
        Assert.Equal(1.25, variance, 1e-9);
    }

    [Fact]
    public void Empty_rows_give_nan_as_numpy() => Assert.True(double.IsNaN(FrameStatistics.MeanVariance([]).Mean));
}
