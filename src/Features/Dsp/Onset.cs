namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.onset.onset_strength with its defaults: the spectral flux of the dB mel spectrogram
/// (power_to_db of the 128-band Slaney mel power spectrogram, ref 1, amin 1e-10, top_db 80),
/// onset[t] = mean over bands of max(0, S[m, t] - ref[m, t - lag]) with ref = S (max_size 1) or S maximum-filtered
/// across max_size bands, then shifted right by lag (+ n_fft / (2 hop_length) when centred) with zeros in front
/// and trimmed to the number of frames.
/// </summary>
public static class Onset
{
    /// <summary>onset_strength(y, sr): one value per STFT frame.</summary>
    public static float[] Strength(ReadOnlySpan<float> y, int sr, MelOptions? melOptions = null, int lag = 1, int maxSize = 1, bool center = true)
    {
        melOptions ??= MelOptions.Default;
        FeatureMatrix mel = MelSpectrogram.Compute(y, sr, melOptions);
        Decibels.PowerToDb(mel.Data, mel.Data);
        return StrengthFromLogMel(mel, melOptions.NFft, melOptions.HopLength, lag, maxSize, center);
    }

    /// <summary>onset_strength(S=log_mel_db): <paramref name="n_fft"/> and <paramref name="hop_length"/> set only the centring shift.</summary>
    public static float[] StrengthFromLogMel(FeatureMatrix logMelDb, int nFft = 2048, int hopLength = 512, int lag = 1, int maxSize = 1, bool center = true)
    {
        ArgumentNullException.ThrowIfNull(logMelDb);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lag);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        int bands = logMelDb.Rows, frames = logMelDb.Columns;
        FeatureMatrix reference = maxSize == 1 ? logMelDb : MaximumFilterAcrossBands(logMelDb, maxSize);
        int shift = lag + (center ? nFft / (2 * hopLength) : 0);
        int outputLength = center ? frames : Math.Max(frames - lag, 0) + shift;
        var onset = new float[outputLength];
        var sums = new double[Math.Max(frames - lag, 0)];
        for (int m = 0; m < bands; m++)
        {
            ReadOnlySpan<float> s = logMelDb.Row(m), r = reference.Row(m);
            for (int j = 0; j < sums.Length; j++)
            {
                float d = s[j + lag] - r[j]; // float32 difference, as numpy on librosa's float32 dB values
                if (d > 0) sums[j] += d;
            }
        }
        for (int j = 0; j < sums.Length && j + shift < outputLength; j++)
            onset[j + shift] = (float)(sums[j] / bands);
        return onset;
    }

    /// <summary>scipy.ndimage.maximum_filter1d(S, size, axis=-2) (mode 'reflect', origin 0).</summary>
    private static FeatureMatrix MaximumFilterAcrossBands(FeatureMatrix s, int size)
    {
        int bands = s.Rows, frames = s.Columns, before = size / 2;
        var result = new FeatureMatrix(bands, frames);
        for (int m = 0; m < bands; m++)
        {
            Span<float> target = result.Row(m);
            target.Fill(float.NegativeInfinity);
            for (int o = 0; o < size; o++)
            {
                ReadOnlySpan<float> source = s.Row(MedianFilter.Reflect(m - before + o, bands));
                for (int t = 0; t < frames; t++)
                    if (source[t] > target[t]) target[t] = source[t];
            }
        }
        return result;
    }
}
