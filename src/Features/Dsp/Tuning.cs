using System.Buffers;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.estimate_tuning, librosa.pitch_tuning and librosa.piptrack. Tuning is the deviation from A440 in
/// fractions of a bin (semitone for 12 bins per octave), a left edge of a histogram bin of width
/// <c>resolution</c> on [-0.5, 0.5]. Float32 steps (librosa's pitch arrays are float32) are reproduced so that
/// the histogram bin, a discrete choice, is librosa's.
/// </summary>
public static class Tuning
{
    /// <summary>
    /// librosa.estimate_tuning(S=S, sr, n_fft, resolution, bins_per_octave) with piptrack's fmin, fmax and threshold:
    /// S is a magnitude or power spectrogram ((1 + n_fft/2) x frames; chroma_stft passes the power spectrogram).
    /// </summary>
    public static double Estimate(FeatureMatrix spectrogram, int sr, double resolution = 0.01, int binsPerOctave = 12,
        double fmin = 150.0, double fmax = 4000.0, double threshold = 0.1)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        int bins = spectrogram.Rows, frames = spectrogram.Columns;
        using var peaks = new PitchPeaks(sr, 2 * (bins - 1), fmin, fmax, threshold);
        float[] rented = ArrayPool<float>.Shared.Rent(bins);
        try
        {
            Span<float> column = rented.AsSpan(0, bins);
            for (int t = 0; t < frames; t++)
            {
                for (int k = 0, index = t; k < bins; k++, index += frames) column[k] = spectrogram.Data[index];
                peaks.AddFrame(column);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
        return peaks.EstimateTuning(resolution, binsPerOctave);
    }

    /// <summary>
    /// librosa.piptrack(S=S, sr, fmin, fmax, threshold): at each local maximum of the spectrogram thresholded at
    /// threshold x the frame's maximum, within [fmin, min(fmax, sr/2)), the parabolically interpolated frequency and
    /// magnitude; zeros elsewhere. Both matrices are (1 + n_fft/2) x frames.
    /// </summary>
    public static (FeatureMatrix Pitches, FeatureMatrix Magnitudes) Piptrack(FeatureMatrix spectrogram, int sr,
        double fmin = 150.0, double fmax = 4000.0, double threshold = 0.1)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        int bins = spectrogram.Rows, frames = spectrogram.Columns;
        int nFft = 2 * (bins - 1);
        var pitches = new FeatureMatrix(bins, frames);
        var magnitudes = new FeatureMatrix(bins, frames);
        var column = new float[bins];
        using var peaks = new PitchPeaks(sr, nFft, fmin, fmax, threshold);
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < bins; k++) column[k] = spectrogram[k, t];
            int before = peaks.Count;
            peaks.AddFrame(column);
            for (int i = before; i < peaks.Count; i++)
            {
                pitches[peaks.Bins[i], t] = peaks.Pitches[i];
                magnitudes[peaks.Bins[i], t] = peaks.Magnitudes[i];
            }
        }
        return (pitches, magnitudes);
    }

    /// <summary>
    /// librosa.pitch_tuning(frequencies, resolution, bins_per_octave): the residuals of bins_per_octave x log2(f / 27.5)
    /// modulo 1, moved to [-0.5, 0.5), are counted in ceil(1 / resolution) equal bins of [-0.5, 0.5]; the left edge of
    /// the fullest bin (the first on ties) is the tuning. Non-positive frequencies are ignored; none left gives 0.
    /// </summary>
    public static double PitchTuning(ReadOnlySpan<float> frequencies, double resolution = 0.01, int binsPerOctave = 12)
    {
        if (!(resolution > 0 && resolution < 1)) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "resolution must lie in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binsPerOctave);
        int nBins = (int)Math.Ceiling(1.0 / resolution);
        // numpy.linspace(-0.5, 0.5, nBins + 1): i * step + start, the last edge set to stop.
        var edges = new double[nBins + 1];
        double step = 1.0 / nBins;
        for (int i = 0; i < nBins; i++) edges[i] = i * step + -0.5;
        edges[nBins] = 0.5;
        var counts = new int[nBins];
        bool any = false;
        foreach (float f in frequencies)
        {
            if (!(f > 0)) continue;
            any = true;
            // hz_to_octs in float32: log2(f / (440 / 16)), times bins_per_octave, numpy.mod(., 1.0), then -1 above 0.5.
            float octaves = MathF.Log2(f / 27.5f);
            float scaled = binsPerOctave * octaves;
            float residual = scaled % 1f;
            if (residual != 0 && residual < 0) residual += 1f;
            if (residual >= 0.5f) residual -= 1f;
            double v = residual;
            if (!(v >= edges[0] && v <= edges[nBins])) continue;
            int j = Math.Clamp((int)Math.Floor((v + 0.5) * nBins), 0, nBins - 1);
            while (j > 0 && edges[j] > v) j--;
            while (j < nBins - 1 && edges[j + 1] <= v) j++;
            counts[j]++;
        }
        if (!any) return 0.0;
        int best = 0;
        for (int j = 1; j < nBins; j++)
            if (counts[j] > counts[best]) best = j;
        return edges[best];
    }
}
