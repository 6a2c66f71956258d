using System.Buffers;
using System.Numerics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.istft: weighted overlap-add of the inverse real FFT of each frame with the periodic Hann window,
/// divided by the sum of squared windows wherever that sum exceeds float32's tiny, with the same centring
/// convention as <see cref="Stft"/> (frame t centred on sample t * hop_length when centred).
/// </summary>
public static class InverseStft
{
    private const float Tiny = 1.17549435e-38f; // numpy.finfo(float32).tiny

    /// <summary>
    /// The signal of <paramref name="length"/> samples whose STFT is <paramref name="stft"/> ((1 + n_fft/2) x frames;
    /// n_fft and hop_length from <paramref name="options"/>). As librosa with <c>length</c> given, only the frames that
    /// reach the first <paramref name="length"/> samples are used and the output is float32.
    /// </summary>
    public static float[] Compute(ComplexMatrix stft, int length, StftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stft);
        options ??= StftOptions.Default;
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int nFft = options.NFft, hop = options.HopLength, bins = options.Bins;
        if (stft.Rows != bins)
            throw new ArgumentException($"The STFT has {stft.Rows} bins; n_fft {nFft} needs {bins}.", nameof(stft));
        int padded = options.Center ? length + 2 * (nFft / 2) : length;
        int frames = Math.Min(stft.Columns, (int)Math.Ceiling(padded / (double)hop));
        int offset = options.Center ? nFft / 2 : 0;
        ReadOnlySpan<double> window = Windows.PeriodicHann(nFft);
        var sum = new double[length];
        var windowSum = new double[length];
        Complex[] spectrum = ArrayPool<Complex>.Shared.Rent(bins);
        double[] frame = ArrayPool<double>.Shared.Rent(nFft);
        try
        {
            int columns = stft.Columns;
            for (int t = 0; t < frames; t++)
            {
                for (int k = 0, index = t; k < bins; k++, index += columns)
                    spectrum[k] = new Complex(stft.Real[index], stft.Imaginary[index]);
                Fft.Irfft(spectrum.AsSpan(0, bins), frame.AsSpan(0, nFft));
                int start = t * hop - offset;
                int from = Math.Max(0, -start), to = Math.Min(nFft, length - start);
                for (int i = from; i < to; i++)
                {
                    double w = window[i];
                    sum[start + i] += w * frame[i];
                    windowSum[start + i] += w * w;
                }
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(spectrum);
            ArrayPool<double>.Shared.Return(frame);
        }
        var y = new float[length];
        for (int n = 0; n < length; n++)
        {
            float ws = (float)windowSum[n]; // librosa accumulates the window sum in the output dtype
            y[n] = (float)(ws > Tiny ? sum[n] / ws : sum[n]);
        }
        return y;
    }
}
