using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Tests;

public class ResamplerTests
{
    private static float[] Sine(double frequency, int rate, double seconds, double amplitude = 0.5) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();

    /// <summary>RMS of the middle half (away from the zero-padded edges).</summary>
    private static double MiddleRms(float[] x) => Math.Sqrt(x.Skip(x.Length / 4).Take(x.Length / 2).Average(v => (double)v * v));

    [Theory]
    [InlineData(16000, 22050, 1000)]
    [InlineData(16000, 22050, 6500)]
    [InlineData(44100, 22050, 3000)]
    [InlineData(22050, 16000, 7000)]
    [InlineData(8000, 48000, 3500)]
    public void A_sine_in_the_passband_keeps_its_amplitude_and_phase(int from, int to, double frequency)
    {
        float[] output = Resampler.Resample(Sine(frequency, from, 1.0), from, to);
        float[] expected = Sine(frequency, to, (double)output.Length / to);
        double gainDb = 20 * Math.Log10(MiddleRms(output) / MiddleRms(expected));
        Assert.InRange(gainDb, -0.01, 0.01);
        double maxError = output.Skip(output.Length / 4).Take(output.Length / 2).Zip(expected.Skip(output.Length / 4)).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(maxError < 1e-3, $"max sample error {maxError:E2}: phase or delay is off");
    }

    [Theory]
    [InlineData(44100, 22050, 13000)]
    [InlineData(22050, 16000, 9000)]
    public void A_sine_above_the_new_nyquist_is_attenuated_by_at_least_90_db(int from, int to, double frequency)
    {
        float[] output = Resampler.Resample(Sine(frequency, from, 1.0), from, to);
        double attenuation = 20 * Math.Log10(MiddleRms(output) / (0.5 / Math.Sqrt(2)));
        Assert.True(attenuation < -90, $"only {attenuation:F1} dB");
    }

    [Fact]
    public void Length_dc_and_identity_follow_soxr_conventions()
    {
        Assert.Equal(33075, Resampler.Resample(new float[24000], 16000, 22050).Length); // 24000 * 22050 / 16000 exactly
        Assert.Equal(33077, Resampler.Resample(new float[24001], 16000, 22050).Length); // ceil(33076.38)
        float[] dc = Enumerable.Repeat(0.25f, 20000).ToArray();
        float[] output = Resampler.Resample(dc, 16000, 22050);
        Assert.All(output.Skip(1000).Take(output.Length - 2000), v => Assert.Equal(0.25f, v, 1e-5f));
        var signal = new AudioSignal([0.1f, 0.2f], 16000);
        Assert.Same(signal, Resampler.Resample(signal, 16000));
    }

    [Theory]
    [InlineData(16000, 22050, 480_000)]
    [InlineData(44100, 22050, 100_003)]
    [InlineData(22050, 16000, 99_999)]
    [InlineData(48000, 22050, 77_777)]
    [InlineData(8000, 11025, 5_000)]
    [InlineData(22050, 44100, 30_001)]
    public void Blocked_evaluation_equals_one_output_at_a_time(int from, int to, int length)
    {
        var random = new Random(from + to);
        float[] x = Enumerable.Range(0, length).Select(i => (float)(Math.Sin(0.01 * i) + 0.3 * (random.NextDouble() - 0.5))).ToArray();
        float[] blocked = Resampler.Resample(x, from, to, blocked: true);
        float[] reference = Resampler.Resample(x, from, to, blocked: false);
        Assert.Equal(reference.Length, blocked.Length);
        for (int k = 0; k < reference.Length; k++)
            Assert.True(Math.Abs(blocked[k] - reference[k]) <= 1e-5f, $"output {k}: {blocked[k]:R} vs {reference[k]:R}"); // float32 sums of ~190 taps in another order
    }

    [Fact]
    public void A_resample_after_a_longer_one_equals_the_first_of_the_same_input()
    {
        // The zero-padded copy is pooled (both lengths fall in the same pool bucket); what a longer, louder input
        // left in it must not reach the edges of the next.
        float[] x = Enumerable.Range(0, 20_000).Select(i => (float)Math.Sin(0.02 * i)).ToArray();
        float[] loud = Enumerable.Range(0, 30_000).Select(i => i % 2 == 0 ? 0.9f : -0.9f).ToArray();
        float[] first = Resampler.Resample(x, 16000, 22050);
        Resampler.Resample(loud, 16000, 22050);
        Assert.Equal(first, Resampler.Resample(x, 16000, 22050));
    }
}
