using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class WindowsTests
{
    [Fact]
    public void Hann_of_length_4_is_periodic()
    {
        // scipy.signal.get_window('hann', 4, fftbins=True) = [0, 0.5, 1, 0.5]; the symmetric one would end in 0.
        Assert.Equal([0.0, 0.5, 1.0, 0.5], Windows.Hann(4).Select(v => Math.Round(v, 15)));
    }

    [Fact]
    public void Hann_of_length_1_is_one() => Assert.Equal([1.0], Windows.Hann(1));

    [Theory]
    [InlineData(8)]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(1001)]
    public void Hann_is_half_minus_half_cosine(int n)
    {
        double[] w = Windows.Hann(n);
        Assert.Equal(n, w.Length);
        Assert.Equal(0.0, w[0], 1e-15);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(0.5 - 0.5 * Math.Cos(2 * Math.PI * k / n), w[k], 1e-15);
            if (k > 0) Assert.Equal(w[k], w[n - k], 1e-15); // periodic: symmetric about n/2
        }
        Assert.Equal(n / 2.0, w.Sum(), 1e-9); // the periodic Hann window sums to n/2
    }

    [Fact]
    public void Hann_returns_a_copy_the_caller_may_change()
    {
        double[] first = Windows.Hann(16);
        first[3] = 42;
        Assert.NotEqual(42, Windows.Hann(16)[3]);
    }

    [Fact]
    public void Hann_rejects_a_non_positive_length() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Windows.Hann(0));
}
