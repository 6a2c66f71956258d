using System.Numerics;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

/// <summary>Properties of the DSP additions that need no reference data (the librosa parity is in FeatureParityTests).</summary>
public sealed class DspFeatureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(2048)]
    public void Irfft_inverts_rfft(int n)
    {
        var random = new Random(n);
        double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        Complex[] spectrum = Fft.Rfft(x);
        var back = new double[n];
        Fft.Irfft(spectrum, back);
        for (int i = 0; i < n; i++) Assert.Equal(x[i], back[i], 1e-12);
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(32, -7)]
    [InlineData(64, 5)]
    [InlineData(1024, 0)]
    [InlineData(2048, 100)]
    [InlineData(2048, -1000)]
    [InlineData(4096, 3000)]
    public void Fused_frame_power_equals_window_then_rfft(int n, int start)
    {
        var random = new Random(n + start);
        float[] y = Enumerable.Range(0, 5000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        ReadOnlySpan<double> window = Windows.PeriodicHann(n);
        var frame = new double[n];
        for (int i = 0; i < n; i++) frame[i] = start + i >= 0 && start + i < y.Length ? y[start + i] * window[i] : 0.0;
        Complex[] expected = Fft.Rfft(frame);
        var power = new double[n / 2 + 1];
        RealFftEngine.For(n).FramePower(y, start, window, new double[n / 2], new double[n / 2], new float[n], power);
        double scale = expected.Max(c => c.Magnitude * c.Magnitude);
        for (int k = 0; k <= n / 2; k++)
        {
            double p = expected[k].Real * expected[k].Real + expected[k].Imaginary * expected[k].Imaginary;
            Assert.True(Math.Abs(power[k] - p) <= 1e-13 * scale, $"bin {k}: {power[k]:R} vs {p:R}");
        }
        // The real-part transform of the same frame.
        var real = new double[n / 2 + 1];
        RealFftEngine.For(n).RealPart(frame, new double[n / 2], new double[n / 2], real);
        double magnitude = expected.Max(c => c.Magnitude);
        for (int k = 0; k <= n / 2; k++)
            Assert.True(Math.Abs(real[k] - expected[k].Real) <= 1e-13 * magnitude, $"real part of bin {k}: {real[k]:R} vs {expected[k].Real:R}");
    }

    [Theory]
    [InlineData(64, 0)]
    [InlineData(128, -50)]
    [InlineData(1024, 0)]
    [InlineData(2048, 100)]
    [InlineData(2048, -1000)]
    [InlineData(2048, 4000)]
    [InlineData(4096, 3000)]
    [InlineData(8192, -100)]
    public void Float_frame_power_is_within_float32_rounding_of_the_double_transform(int n, int start)
    {
        if (!FloatFramePowerEngine.Supports(n)) return; // no AVX2 here: Stft uses the double engine, tested above
        var random = new Random(n - start);
        // A loud tone over quiet noise: bins spanning 10 orders of magnitude, as music has.
        float[] y = Enumerable.Range(0, 6000).Select(i => (float)(0.8 * Math.Sin(0.07 * i) + 1e-4 * (random.NextDouble() - 0.5))).ToArray();
        ReadOnlySpan<double> window = Windows.PeriodicHann(n);
        var frame = new double[n];
        for (int i = 0; i < n; i++) frame[i] = start + i >= 0 && start + i < y.Length ? y[start + i] * window[i] : 0.0;
        Complex[] expected = Fft.Rfft(frame);
        var power = new float[n / 2 + 1];
        FloatFramePowerEngine.For(n).FramePower(y, start, new float[n / 2], new float[n / 2], new float[n], power);
        double scale = expected.Max(c => c.Magnitude * c.Magnitude);
        double worst = 0;
        for (int k = 0; k <= n / 2; k++)
        {
            double p = expected[k].Real * expected[k].Real + expected[k].Imaginary * expected[k].Imaginary;
            worst = Math.Max(worst, Math.Abs(power[k] - p) / scale);
        }
        // float32 has 2^-24 = 6e-8 relative precision; an n-point transform adds about log2(n) roundings.
        Assert.True(worst <= 2e-6, $"worst bin error {worst:E2} of the frame's largest bin");
    }

    [Fact]
    public void Irfft_ignores_the_imaginary_parts_of_dc_and_nyquist_as_numpy()
    {
        Complex[] spectrum = [new(1, 5), new(0, 0), new(0, 0), new(0, 0), new(2, -7)];
        var y = new double[8];
        Fft.Irfft(spectrum, y);
        // (1 + 2 (-1)^j) / 8
        for (int j = 0; j < 8; j++) Assert.Equal((1 + 2 * (j % 2 == 0 ? 1 : -1)) / 8.0, y[j], 1e-15);
    }

    [Theory]
    [InlineData(true, 5000)]
    [InlineData(true, 4096)]
    [InlineData(false, 6144)]
    public void Istft_of_stft_gives_the_signal_back(bool center, int length)
    {
        var random = new Random(length);
        float[] y = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var options = new StftOptions(1024, 256, center);
        float[] back = InverseStft.Compute(Stft.Forward(y, options), length, options);
        Assert.Equal(length, back.Length);
        // Without centring, the first and last samples are covered only by the tails of one window, where dividing by
        // the tiny window sum amplifies rounding (as in librosa); check where at least two windows overlap fully.
        int margin = center ? 0 : options.NFft / 2;
        for (int i = margin; i < length - margin; i++)
            Assert.True(Math.Abs(back[i] - y[i]) < 2e-6, $"sample {i}: {back[i]} vs {y[i]}");
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(4, 20)]
    [InlineData(5, 20)]
    [InlineData(31, 200)]
    [InlineData(31, 3)]
    [InlineData(7, 1)]
    public void Median_filter_matches_a_sort_with_scipy_reflect_edges(int size, int n)
    {
        var random = new Random(size * 1000 + n);
        // Few distinct values, so duplicates (the hard case for a sliding sorted window) are common.
        float[] x = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 6)).ToArray();
        var output = new float[n];
        MedianFilter.Filter(x, output, size, new float[n + size], new float[size]);
        for (int i = 0; i < n; i++)
        {
            // scipy: window i - size//2 .. i - size//2 + size - 1, element of rank size // 2, 'reflect' = d c b a | a b c d | d c b a
            float[] window = Enumerable.Range(i - size / 2, size).Select(j => x[ReflectIndex(j, n)]).Order().ToArray();
            Assert.Equal(window[size / 2], output[i]);
        }
    }

    [Fact]
    public void Hpss_masks_split_each_bin_and_separate_a_tone_from_clicks()
    {
        const int sr = 22050, length = sr * 2;
        var tone = new float[length];
        var clicks = new float[length];
        for (int i = 0; i < length; i++) tone[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / sr));
        for (int i = 0; i < length; i += sr / 4) clicks[i] = 1f;
        float[] mix = tone.Zip(clicks, (a, b) => a + b).ToArray();

        FeatureMatrix magnitude = Stft.Magnitude(mix);
        (FeatureMatrix h, FeatureMatrix p) = Hpss.Masks(magnitude);
        for (int i = 0; i < h.Data.Length; i++) Assert.Equal(1f, h.Data[i] + p.Data[i], 1e-6f);

        (float[] harmonic, float[] percussive) = Hpss.Separate(mix);
        Assert.Equal(length, harmonic.Length);
        // Masks sum to one and the ISTFT is linear, so the parts add up to the input.
        for (int i = 0; i < length; i++) Assert.True(Math.Abs(harmonic[i] + percussive[i] - mix[i]) < 1e-4, $"sample {i}");
        // The tone goes to the harmonic part, the clicks to the percussive part.
        Assert.True(Correlation(harmonic, tone) > 0.95, $"harmonic vs tone {Correlation(harmonic, tone)}");
        Assert.True(Energy(percussive, 4096, length - 4096) < 0.5 * Energy(harmonic, 4096, length - 4096) &&
            Correlation(percussive, clicks) > Correlation(harmonic, clicks));
    }

    [Fact]
    public void Soft_mask_follows_librosa()
    {
        Assert.Equal(0.5f, Hpss.SoftMask(0f, 0f, 2.0, splitZeros: true));
        Assert.Equal(0f, Hpss.SoftMask(0f, 0f, 2.0, splitZeros: false));
        Assert.Equal(0.8f, Hpss.SoftMask(2f, 1f, 2.0, true), 1e-7f); // 4 / (4 + 1)
        Assert.Equal(1f, Hpss.SoftMask(2f, 1f, double.PositiveInfinity, true));
    }

    [Fact]
    public void Pitch_tuning_recovers_a_known_deviation()
    {
        // librosa's docstring: cqt_frequencies(n_bins=24, fmin=55, tuning=0.25) -> pitch_tuning gives 0.25.
        float[] frequencies = Enumerable.Range(0, 24).Select(k => (float)(55 * Math.Pow(2, (k + 0.25) / 12))).ToArray();
        Assert.Equal(0.25, Tuning.PitchTuning(frequencies), 1e-12);
        Assert.Equal(0.0, Tuning.PitchTuning([]));
        Assert.Equal(0.0, Tuning.PitchTuning([0f, -3f]));
        // Mid-bin deviation: -0.195 falls in [-0.2, -0.19), whose left edge is returned.
        float[] flat = Enumerable.Range(0, 24).Select(k => (float)(55 * Math.Pow(2, (k - 0.195) / 12))).ToArray();
        Assert.Equal(-0.2, Tuning.PitchTuning(flat), 1e-12);
    }

    [Fact]
    public void Chroma_of_an_a440_tone_peaks_at_a()
    {
        const int sr = 22050;
        float[] y = Enumerable.Range(0, sr).Select(i => (float)Math.Sin(2 * Math.PI * 440 * i / sr)).ToArray();
        FeatureMatrix chroma = Chroma.Stft(y, sr, tuning: 0.0);
        Assert.Equal(12, chroma.Rows);
        for (int t = 2; t < chroma.Columns - 2; t++)
        {
            int argmax = Enumerable.Range(0, 12).MaxBy(c => chroma[c, t]);
            Assert.Equal(9, argmax); // C, C#, D, D#, E, F, F#, G, G#, A
            Assert.Equal(1f, chroma[9, t]);
        }
        ChromaFilterbank fb = ChromaFilterbank.Create(sr, 2048);
        Assert.Equal(1025, fb.Bins);
        Assert.Equal(12 * 1025, fb.ToMatrix().Data.Length);
    }

    [Fact]
    public void Zero_crossing_rate_and_rms_of_simple_signals()
    {
        const int n = 8192;
        float[] alternating = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.5f : -0.5f).ToArray();
        float[] zcr = ZeroCrossingRate.Compute(alternating);
        Assert.Equal(1 + n / 512, zcr.Length);
        Assert.Equal(2047f / 2048f, zcr[4]); // every position but the frame's first
        // Edge padding repeats the first sample: 1024 equal values, then alternation.
        Assert.Equal(1023f / 2048f, zcr[0]);
        float[] tiny = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1e-11f : -1e-11f).ToArray();
        Assert.All(ZeroCrossingRate.Compute(tiny), r => Assert.Equal(0f, r)); // |x| <= 1e-10 counts as zero

        float[] ones = Enumerable.Repeat(1f, n).ToArray();
        float[] rms = Rms.Compute(ones);
        Assert.Equal(1f, rms[4], 1e-7f);
        Assert.Equal((float)Math.Sqrt(0.5), rms[0], 1e-7f); // half of the first frame is zero padding
    }

    [Fact]
    public void Onset_strength_is_shifted_and_rectified_flux()
    {
        // Two bands, five frames: flux is the mean of the positive differences, shifted by lag + n_fft / (2 hop) = 3.
        var logMel = new FeatureMatrix(2, 6, [0f, 1f, 3f, 2f, 2f, 5f, /**/ 0f, 0f, 1f, 0f, 4f, 4f]);
        float[] onset = Onset.StrengthFromLogMel(logMel);
        Assert.Equal([0f, 0f, 0f, 0.5f, 1.5f, 0f], onset);
        float[] uncentred = Onset.StrengthFromLogMel(logMel, center: false);
        Assert.Equal([0f, 0.5f, 1.5f, 0f, 2f, 1.5f], uncentred);
    }

    [Fact]
    public void Tempo_of_a_click_track_is_the_nearest_lag_to_its_period()
    {
        const int sr = 22050, hop = 512;
        var y = new float[sr * 12];
        int period = (int)(sr * 60.0 / 100.0); // 100 BPM
        for (int i = 0; i < y.Length; i += period)
            for (int j = 0; j < 200 && i + j < y.Length; j++) y[i + j] = (float)Math.Sin(j * 0.3) * (1 - j / 200f);
        double tempo = Tempo.FromSignal(y, sr);
        double[] bpms = Tempo.TempoFrequencies(Tempo.WindowLength(sr, hop), hop, sr);
        Assert.Contains(tempo, bpms); // a discrete lag, as librosa
        Assert.InRange(tempo, 95, 105);
        Assert.Equal(344, Tempo.WindowLength(22050, 512));
        Assert.Equal(250, Tempo.WindowLength(16000, 512));
    }

    [Fact]
    public void Fast_rolloff_picks_the_same_bin_as_float32_running_sums()
    {
        var random = new Random(11);
        double[] freq = MelScale.FftFrequencies(22050, 2048);
        for (int trial = 0; trial < 3000; trial++)
        {
            var m = new float[1025];
            int kind = trial % 5;
            for (int k = 0; k < m.Length; k++)
                m[k] = kind switch
                {
                    0 => (float)random.NextDouble(),
                    1 => (float)Math.Exp(-k / 50.0 + random.NextDouble()),      // steep spectrum, many tiny bins
                    2 => random.Next(3) == 0 ? 0f : (float)random.Next(1, 4), // repeated values, exact ties
                    3 => k % 97 == 0 ? 1e3f : 1e-3f * (float)random.NextDouble(), // a few peaks
                    _ => (float)(1 + 1e-6 * random.NextDouble()), // flat: float32 rounding decides near the threshold
                };
            if (trial == 0) Array.Clear(m); // silence: bin 0
            double exact = SpectralDescriptors.RolloffOfFrame(m, freq, 0.85f);
            Assert.Equal(NumpyRolloff(m, freq, 0.85f), exact);
            Assert.Equal(exact, SpectralDescriptors.Rolloff(m, freq, 0.85f));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(13)]
    public void Rolloffs_replayed_together_equal_each_replayed_alone(int frames)
    {
        var random = new Random(frames);
        double[] freq = MelScale.FftFrequencies(22050, 2048);
        float[] magnitudes = Enumerable.Range(0, frames * 1025).Select(i =>
            (i / 1025) % 2 == 0 ? (float)(1 + 1e-6 * random.NextDouble()) : (float)Math.Exp(-(i % 1025) / 50.0 + random.NextDouble())).ToArray();
        var together = new double[frames];
        SpectralDescriptors.RolloffOfFrames(magnitudes, 1025, freq, 0.85f, together);
        for (int t = 0; t < frames; t++)
        {
            float[] frame = magnitudes.AsSpan(t * 1025, 1025).ToArray();
            Assert.Equal(NumpyRolloff(frame, freq, 0.85f), together[t]);
        }
    }

    /// <summary>librosa's steps literally: total_energy = cumsum (float32), threshold = roll_percent x its last value, first bin reaching it.</summary>
    private static double NumpyRolloff(float[] m, double[] freq, float rollPercent)
    {
        var cumsum = new float[m.Length];
        float running = 0;
        for (int k = 0; k < m.Length; k++) cumsum[k] = running += m[k];
        float threshold = rollPercent * cumsum[^1];
        int first = Array.FindIndex(cumsum, v => v >= threshold);
        return freq[first];
    }

    [Theory]
    [InlineData(2048, 512, true)]
    [InlineData(2048, 512, false)]
    [InlineData(1000, 300, true)]
    [InlineData(7, 3, true)]
    public void Zcr_and_rms_equal_direct_frame_loops(int frameLength, int hop, bool center)
    {
        var random = new Random(frameLength + hop);
        float[] y = Enumerable.Range(0, 10007).Select(i => i % 50 < 5 ? 0f : (float)(random.NextDouble() - 0.5)).ToArray();
        y[100] = -1e-11f; // below the threshold: counts as zero
        float[] zcr = ZeroCrossingRate.Compute(y, frameLength, hop, center);
        float[] rms = Rms.Compute(y, frameLength, hop, center);
        int pad = center ? frameLength / 2 : 0;
        float Padded(int p, bool edge) => p - pad < 0 ? (edge ? y[0] : 0f) : p - pad >= y.Length ? (edge ? y[^1] : 0f) : y[p - pad];
        Assert.Equal(zcr.Length, rms.Length);
        for (int t = 0; t < zcr.Length; t++)
        {
            int crossings = 0;
            double squares = 0;
            for (int j = 0; j < frameLength; j++)
            {
                float x = Padded(t * hop + j, edge: false);
                squares += (double)x * x;
                if (j > 0 && (Padded(t * hop + j, true) < -1e-10f) != (Padded(t * hop + j - 1, true) < -1e-10f)) crossings++;
            }
            Assert.Equal((float)((double)crossings / frameLength), zcr[t]);
            Assert.Equal((float)Math.Sqrt(squares / frameLength), rms[t], 2e-6f);
        }
    }

    [Theory]
    [InlineData(250, 938)]
    [InlineData(344, 1292)]
    [InlineData(344, 3000)]
    [InlineData(384, 40)]
    [InlineData(7, 100)]
    public void Sliding_tempogram_equals_the_fft_tempogram(int winLength, int frames)
    {
        var random = new Random(winLength * 7 + frames);
        // An onset-like envelope: sparse spikes over a noise floor, some silent stretches.
        float[] onset = Enumerable.Range(0, frames).Select(i =>
            i % 300 < 40 ? 0f : (float)(random.NextDouble() < 0.1 ? 3 + random.NextDouble() : 0.2 * random.NextDouble())).ToArray();
        double[] sliding = SlidingTempogram.Mean(onset, winLength);
        double[] fft = Tempo.MeanTempogramByFft(onset, winLength);
        Assert.Equal(fft.Length, sliding.Length);
        double worst = 0;
        for (int k = 0; k < fft.Length; k++) worst = Math.Max(worst, Math.Abs(sliding[k] - fft[k]));
        Assert.True(worst <= 1e-12, $"max |sliding - fft| = {worst:E3}");
    }

    [Theory]
    [InlineData(0, 800)]       // digital silence at the end, longer than the window
    [InlineData(400, 1293)]    // silence at the start
    [InlineData(500, 1000)]    // silence in the middle
    [InlineData(-1, 1293)]     // a fade out over the whole track, no exact zeros
    public void Sliding_tempogram_follows_the_fft_tempogram_through_silence_and_fades(int silentFrom, int silentTo)
    {
        var random = new Random(silentFrom + silentTo);
        float[] onset = Enumerable.Range(0, 1293).Select(i =>
            silentFrom >= 0 && i >= silentFrom && i < silentTo ? 0f
            : (float)((random.NextDouble() < 0.1 ? 3 + random.NextDouble() : 0.2 * random.NextDouble())
                * (silentFrom < 0 ? Math.Pow(1e-9, i / 1293.0) : 1.0))).ToArray();
        if (silentFrom == 0) Array.Reverse(onset); // sound first, then silence
        double[] sliding = SlidingTempogram.Mean(onset, 344);
        double[] fft = Tempo.MeanTempogramByFft(onset, 344);
        double worst = 0;
        for (int k = 0; k < fft.Length; k++) worst = Math.Max(worst, Math.Abs(sliding[k] - fft[k]));
        Assert.True(worst <= 1e-9, $"max |sliding - fft| = {worst:E3}");
        Assert.Equal(Tempo.Choose(fft, 22050, 512, 120, 1, 320), Tempo.Choose(sliding, 22050, 512, 120, 1, 320));
    }

    private static int ReflectIndex(int j, int n)
    {
        // Explicit unfolding of scipy's 'reflect' extension.
        while (j < 0 || j >= n) j = j < 0 ? -j - 1 : 2 * n - j - 1;
        return j;
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }
        return ab / Math.Sqrt(aa * bb);
    }

    private static double Energy(float[] x, int from, int to)
    {
        double e = 0;
        for (int i = from; i < to; i++) e += x[i] * (double)x[i];
        return e;
    }
}
