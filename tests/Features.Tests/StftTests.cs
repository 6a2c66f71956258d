using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class StftTests
{
    [Theory]
    [InlineData(110250, 2048, 512, true, 216)]
    [InlineData(80000, 2048, 512, true, 157)]
    [InlineData(0, 2048, 512, true, 1)]
    [InlineData(100, 2048, 512, true, 1)]
    [InlineData(2048, 2048, 512, false, 1)]
    [InlineData(4096, 2048, 512, false, 5)]
    [InlineData(661794, 2048, 512, true, 1293)]
    public void Frame_count_follows_librosa(int length, int nFft, int hop, bool center, int expected) =>
        Assert.Equal(expected, Stft.FrameCount(length, new StftOptions(nFft, hop, center)));

    [Fact]
    public void Uncentred_frames_need_at_least_n_fft_samples() =>
        Assert.Throws<ArgumentException>(() => Stft.FrameCount(100, new StftOptions(2048, 512, Center: false)));

    [Fact]
    public void A_sine_at_a_bin_frequency_peaks_at_that_bin_with_amplitude_n_over_4()
    {
        const int sr = 16000, nFft = 1024, bin = 64;
        float[] y = Enumerable.Range(0, sr).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * bin * i / nFft))).ToArray();
        FeatureMatrix magnitude = Stft.Magnitude(y, new StftOptions(nFft, 256));
        int t = magnitude.Columns / 2; // an interior frame, away from the zero padding
        Assert.Equal(0.5 * nFft / 4, magnitude[bin, t], 1e-3);           // Hann: main lobe 0.5 A n / 2 ...
        Assert.Equal(0.5 * nFft / 8, magnitude[bin - 1, t], 1e-3);       // ... and half that in the neighbours
        Assert.Equal(0.5 * nFft / 8, magnitude[bin + 1, t], 1e-3);
        Assert.True(magnitude[bin + 2, t] < 1e-3);
    }

    [Fact]
    public void Centred_first_frame_sees_zero_padding_and_power_is_magnitude_squared()
    {
        var random = new Random(7);
        float[] y = Enumerable.Range(0, 5000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var options = new StftOptions(512, 128);
        FeatureMatrix magnitude = Stft.Magnitude(y, options), power = Stft.Power(y, options);
        Assert.Equal(257, magnitude.Rows);
        for (int i = 0; i < magnitude.Data.Length; i++)
            Assert.Equal(magnitude.Data[i] * (double)magnitude.Data[i], power.Data[i], 1e-6 * Math.Max(1, power.Data[i]));

        // Frame 0 covers y[-256 .. 256): the first half is padding, so its DC bin is the windowed sum of y[0 .. 256).
        double[] w = Windows.Hann(512);
        double dc = 0;
        for (int i = 0; i < 256; i++) dc += y[i] * w[256 + i];
        Assert.Equal(Math.Abs(dc), magnitude[0, 0], 1e-5);
    }

    [Fact]
    public void Silence_gives_zeros()
    {
        FeatureMatrix power = Stft.Power(new float[3000]);
        Assert.All(power.Data, v => Assert.Equal(0f, v));
    }
}
