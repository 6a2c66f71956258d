using System.Numerics;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class FftTests
{
    public static TheoryData<int> PowerOfTwoSizes => new() { 1, 2, 4, 8, 16, 64, 512, 2048, 4096 };

    public static TheoryData<int> OtherSizes => new() { 3, 5, 6, 7, 10, 12, 100, 257, 1000, 1025, 2047 };

    [Theory]
    [MemberData(nameof(PowerOfTwoSizes))]
    [MemberData(nameof(OtherSizes))]
    public void Rfft_matches_naive_dft(int n)
    {
        double[] x = RandomSignal(n, seed: n);
        Complex[] expected = NaiveDft(x.Select(v => new Complex(v, 0)).ToArray());
        Complex[] actual = Fft.Rfft(x);
        Assert.Equal(n / 2 + 1, actual.Length);
        AssertClose(expected.AsSpan(0, n / 2 + 1), actual, n);
    }

    [Theory]
    [MemberData(nameof(PowerOfTwoSizes))]
    [MemberData(nameof(OtherSizes))]
    public void Complex_forward_matches_naive_dft_and_inverse_restores_input(int n)
    {
        double[] re = RandomSignal(n, seed: 2 * n), im = RandomSignal(n, seed: 2 * n + 1);
        Complex[] input = Enumerable.Range(0, n).Select(i => new Complex(re[i], im[i])).ToArray();
        Complex[] data = (Complex[])input.Clone();
        Fft.Forward(data);
        AssertClose(NaiveDft(input), data, n);
        Fft.Inverse(data);
        AssertClose(input, data, n);
    }

    [Fact]
    public void Rfft_of_a_cosine_at_a_bin_frequency_is_a_single_line()
    {
        const int n = 2048, bin = 37;
        double[] x = Enumerable.Range(0, n).Select(i => 3.0 * Math.Cos(2 * Math.PI * bin * i / n)).ToArray();
        Complex[] spectrum = Fft.Rfft(x);
        for (int k = 0; k < spectrum.Length; k++)
            Assert.Equal(k == bin ? 3.0 * n / 2 : 0.0, spectrum[k].Magnitude, 1e-9);
    }

    [Fact]
    public void Rfft_checks_its_buffers()
    {
        Assert.Throws<ArgumentException>(() => Fft.Rfft(new double[8], new Complex[4]));
        Assert.Throws<ArgumentException>(() => Fft.Rfft(ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void Concurrent_transforms_of_several_sizes_agree_with_sequential_ones()
    {
        int[] sizes = [1024, 2048, 96, 4096, 1000];
        var expected = sizes.Select(n => Fft.Rfft(RandomSignal(n, n))).ToArray();
        Parallel.For(0, 200, i =>
        {
            int s = i % sizes.Length;
            Complex[] actual = Fft.Rfft(RandomSignal(sizes[s], sizes[s]));
            Assert.Equal(expected[s], actual);
        });
    }

    private static void AssertClose(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, int n)
    {
        double scale = 0, worst = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            scale = Math.Max(scale, expected[k].Magnitude);
            worst = Math.Max(worst, (expected[k] - actual[k]).Magnitude);
        }
        // Double-precision FFT error grows like eps * log2(n); 1e-12 of the scale is far above it and far below any bug.
        Assert.True(worst <= 1e-12 * Math.Max(scale, 1), $"n = {n}: max error {worst:G3}, scale {scale:G3}");
    }

    /// <summary>Textbook DFT in double with exactly reduced angles (k n mod N).</summary>
    private static Complex[] NaiveDft(Complex[] x)
    {
        int n = x.Length;
        var result = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            Complex sum = Complex.Zero;
            for (int j = 0; j < n; j++)
            {
                double angle = -2 * Math.PI * ((long)k * j % n) / n;
                sum += x[j] * new Complex(Math.Cos(angle), Math.Sin(angle));
            }
            result[k] = sum;
        }
        return result;
    }

    private static double[] RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }
}
