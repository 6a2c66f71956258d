using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class MelFilterbankTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(200.0 / 3, 1.0)]
    [InlineData(1000.0, 15.0)]
    [InlineData(6400.0, 42.0)] // 15 + 27 log-steps of ln(6.4)/27
    public void Slaney_mel_scale_is_linear_then_logarithmic(double hz, double mel)
    {
        Assert.Equal(mel, MelScale.HzToMel(hz), 1e-12);
        Assert.Equal(hz, MelScale.MelToHz(mel), 1e-9);
    }

    [Fact]
    public void Htk_mel_scale_uses_2595_log10()
    {
        Assert.Equal(2595 * Math.Log10(2), MelScale.HzToMel(700, htk: true), 1e-12);
        Assert.Equal(700, MelScale.MelToHz(2595 * Math.Log10(2), htk: true), 1e-9);
    }

    [Fact]
    public void Fft_frequencies_are_bin_centres()
    {
        double[] f = MelScale.FftFrequencies(22050, 2048);
        Assert.Equal(1025, f.Length);
        Assert.Equal(0, f[0]);
        Assert.Equal(11025, f[^1], 1e-9);
        Assert.Equal(22050.0 / 2048, f[1], 1e-12);
    }

    [Fact]
    public void Mel_frequencies_span_fmin_to_fmax()
    {
        double[] hz = MelScale.MelFrequencies(130, 0, 8000);
        Assert.Equal(0, hz[0]);
        Assert.Equal(8000, hz[^1], 1e-9);
        Assert.True(hz.Zip(hz.Skip(1)).All(p => p.Second > p.First));
    }

    [Fact]
    public void Filters_are_triangles_with_slaney_area_normalisation()
    {
        MelFilterbank fb = MelFilterbank.Create(22050, 2048, 40);
        Assert.Equal(40, fb.NMels);
        Assert.Equal(1025, fb.Bins);
        double[] hz = MelScale.MelFrequencies(42, 0, 11025);
        double[] freqs = MelScale.FftFrequencies(22050, 2048);
        for (int m = 0; m < fb.NMels; m++)
        {
            ReadOnlySpan<float> band = fb.Band(m);
            double height = 2.0 / (hz[m + 2] - hz[m]);
            (int start, int length) = fb.Support(m);
            for (int k = 0; k < fb.Bins; k++)
            {
                double f = freqs[k];
                double expected = f <= hz[m] || f >= hz[m + 2] ? 0
                    : f <= hz[m + 1] ? (f - hz[m]) / (hz[m + 1] - hz[m]) : (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
                Assert.Equal(expected * height, band[k], 1e-6 * height);
                if (band[k] != 0) Assert.InRange(k, start, start + length - 1);
            }
        }
    }

    [Fact]
    public void Filterbank_is_cached_and_its_matrix_is_a_copy()
    {
        MelFilterbank a = MelFilterbank.Create(16000, 2048), b = MelFilterbank.Create(16000, 2048, 128, 0, 8000);
        Assert.Same(a, b);
        FeatureMatrix copy = a.ToMatrix();
        copy.Data.AsSpan().Fill(1);
        Assert.NotEqual(1f, a.Band(0)[0]);
    }

    [Fact]
    public void Applying_per_frame_and_to_a_matrix_agree_with_a_dense_product()
    {
        MelFilterbank fb = MelFilterbank.Create(16000, 512, 32);
        var random = new Random(3);
        var spectrogram = new FeatureMatrix(fb.Bins, 5);
        for (int i = 0; i < spectrogram.Data.Length; i++) spectrogram.Data[i] = (float)random.NextDouble();
        FeatureMatrix mel = fb.Apply(spectrogram);
        FeatureMatrix weights = fb.ToMatrix();
        var column = new float[fb.Bins];
        var melColumn = new float[fb.NMels];
        for (int t = 0; t < spectrogram.Columns; t++)
        {
            for (int k = 0; k < fb.Bins; k++) column[k] = spectrogram[k, t];
            fb.Apply(column, melColumn);
            for (int m = 0; m < fb.NMels; m++)
            {
                double dense = 0;
                for (int k = 0; k < fb.Bins; k++) dense += weights[m, k] * (double)spectrogram[k, t];
                Assert.Equal(dense, mel[m, t], 1e-5 * Math.Max(1, dense));
                Assert.Equal(dense, melColumn[m], 1e-5 * Math.Max(1, dense));
            }
        }
    }

    [Fact]
    public void Invalid_ranges_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterbank.Create(16000, 2048, 128, fmin: 4000, fmax: 2000));
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterbank.Create(16000, 2048, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFilterbank.Create(0, 2048));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(13)]
    public void Applying_consecutive_frames_at_once_equals_one_frame_at_a_time(int frames)
    {
        MelFilterbank bank = MelFilterbank.Create(22050, 2048, 128);
        var random = new Random(frames);
        // Power spectra spanning many orders of magnitude, as real ones do.
        float[] spectra = Enumerable.Range(0, frames * bank.Bins).Select(_ => (float)Math.Pow(10, 6 * random.NextDouble() - 4)).ToArray();
        var together = new float[frames * bank.NMels];
        bank.ApplyFrames(spectra, together);
        var single = new float[bank.NMels];
        for (int t = 0; t < frames; t++)
        {
            bank.Apply(spectra.AsSpan(t * bank.Bins, bank.Bins), single);
            for (int m = 0; m < bank.NMels; m++)
            {
                float expected = single[m], actual = together[t * bank.NMels + m];
                Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Abs(expected), $"frame {t}, band {m}: {actual} vs {expected}");
            }
        }
    }

    [Theory]
    [InlineData(1, 1025)]
    [InlineData(5, 1040)]
    [InlineData(9, 1025)]
    [InlineData(12, 1040)]
    public void Chroma_and_mel_filterbanks_give_the_same_frames_at_any_row_stride(int frames, int stride)
    {
        MelFilterbank mel = MelFilterbank.Create(22050, 2048, 128);
        ChromaFilterbank chroma = ChromaFilterbank.Create(22050, 2048, 12, tuning: 0.13);
        var random = new Random(frames * stride);
        float[] spectra = Enumerable.Range(0, (frames - 1) * stride + mel.Bins).Select(_ => (float)Math.Pow(10, 6 * random.NextDouble() - 4)).ToArray();
        var melTogether = new float[frames * mel.NMels];
        var chromaTogether = new float[frames * 12];
        mel.ApplyFrames(spectra, stride, melTogether);
        chroma.ApplyFrames(spectra, stride, chromaTogether);
        var melOne = new float[mel.NMels];
        var chromaOne = new float[12];
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> frame = spectra.AsSpan(t * stride, mel.Bins);
            mel.Apply(frame, melOne);
            chroma.Apply(frame, chromaOne);
            for (int m = 0; m < mel.NMels; m++)
                Assert.True(Math.Abs(melTogether[t * mel.NMels + m] - melOne[m]) <= 1e-5 * melOne[m], $"mel frame {t}, band {m}");
            for (int c = 0; c < 12; c++)
                Assert.True(Math.Abs(chromaTogether[t * 12 + c] - chromaOne[c]) <= 1e-5 * chromaOne[c], $"chroma frame {t}, class {c}");
        }
    }
}
