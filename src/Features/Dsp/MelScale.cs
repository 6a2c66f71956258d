namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Frequency-scale conversions of librosa.core.convert: Slaney's mel scale (linear below 1 kHz,
/// logarithmic above; librosa's default) or the HTK formula, and numpy.fft.rfftfreq.
/// </summary>
public static class MelScale
{
    private const double FSp = 200.0 / 3;                 // Hz per mel in the linear part
    private const double MinLogHz = 1000.0;               // start of the log part
    private const double MinLogMel = MinLogHz / FSp;      // 15 mels
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    /// <summary>librosa.hz_to_mel(frequencies, htk).</summary>
    public static double HzToMel(double frequency, bool htk = false)
    {
        if (htk) return 2595.0 * Math.Log10(1.0 + frequency / 700.0);
        return frequency >= MinLogHz ? MinLogMel + Math.Log(frequency / MinLogHz) / LogStep : frequency / FSp;
    }

    /// <summary>librosa.mel_to_hz(mels, htk).</summary>
    public static double MelToHz(double mel, bool htk = false)
    {
        if (htk) return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        return mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel;
    }

    /// <summary>librosa.mel_frequencies(n_mels, fmin, fmax, htk): n_mels frequencies evenly spaced in mels.</summary>
    public static double[] MelFrequencies(int nMels, double fmin = 0.0, double fmax = 11025.0, bool htk = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nMels);
        double minMel = HzToMel(fmin, htk), maxMel = HzToMel(fmax, htk);
        var hz = new double[nMels];
        // numpy.linspace: start + k * step, and the last point set to stop exactly.
        double step = nMels > 1 ? (maxMel - minMel) / (nMels - 1) : 0.0;
        for (int k = 0; k < nMels; k++)
            hz[k] = MelToHz(k == nMels - 1 && nMels > 1 ? maxMel : k * step + minMel, htk);
        return hz;
    }

    /// <summary>librosa.fft_frequencies(sr, n_fft) = numpy.fft.rfftfreq(n_fft, 1/sr): 1 + n_fft/2 bin centres in Hz.</summary>
    public static double[] FftFrequencies(int sr, int nFft)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sr);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nFft);
        double val = 1.0 / (nFft * (1.0 / sr));
        var f = new double[nFft / 2 + 1];
        for (int k = 0; k < f.Length; k++) f[k] = k * val;
        return f;
    }
}
