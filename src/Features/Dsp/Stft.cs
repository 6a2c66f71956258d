using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Short-time Fourier transform, librosa.stft semantics (window 'hann', win_length = n_fft,
/// pad_mode 'constant'). The complex STFT (<see cref="Forward"/>, <see cref="Frame"/>) is windowed and transformed
/// in double precision and rounded to float32, as librosa's complex64 output is. Magnitude and power spectra
/// (<see cref="Magnitude"/>, <see cref="Power"/>, and the per-frame helpers the feature code uses) run in float32
/// through <see cref="FloatFramePowerEngine"/> where the machine has AVX2 and FMA: each bin is within a few 1e-7 of
/// its frame's largest bin of the double transform, at half the cost.
/// </summary>
public static class Stft
{
    /// <summary>
    /// Number of frames: 1 + len / hop_length when centred (the padded length is len + 2 (n_fft/2)),
    /// otherwise 1 + (len - n_fft) / hop_length, which needs len >= n_fft.
    /// </summary>
    public static int FrameCount(int length, StftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int padded = options.Center ? length + 2 * (options.NFft / 2) : length;
        if (padded < options.NFft)
            throw new ArgumentException(
                $"The signal has {length} samples, fewer than n_fft = {options.NFft}; use centred frames or a smaller n_fft.",
                nameof(length));
        return 1 + (padded - options.NFft) / options.HopLength;
    }

    /// <summary>|STFT|: (1 + n_fft/2) x frames.</summary>
    public static FeatureMatrix Magnitude(ReadOnlySpan<float> y, StftOptions? options = null) =>
        Compute(y, options ?? StftOptions.Default, power: false);

    /// <summary>|STFT|^2: (1 + n_fft/2) x frames.</summary>
    public static FeatureMatrix Power(ReadOnlySpan<float> y, StftOptions? options = null) =>
        Compute(y, options ?? StftOptions.Default, power: true);

    /// <summary>
    /// librosa.stft(y): the complex STFT, rounded to complex64 as librosa's output is, (1 + n_fft/2) x frames.
    /// </summary>
    public static ComplexMatrix Forward(ReadOnlySpan<float> y, StftOptions? options = null)
    {
        options ??= StftOptions.Default;
        int frames = FrameCount(y.Length, options);
        int bins = options.Bins;
        var result = new ComplexMatrix(bins, frames);
        float[] re = result.Real, im = result.Imaginary;
        double[] frame = ArrayPool<double>.Shared.Rent(options.NFft);
        Complex[] spectrum = ArrayPool<Complex>.Shared.Rent(bins);
        try
        {
            for (int t = 0; t < frames; t++)
            {
                Frame(y, t, options, frame, spectrum);
                for (int k = 0, index = t; k < bins; k++, index += frames)
                {
                    re[index] = (float)spectrum[k].Real;
                    im[index] = (float)spectrum[k].Imaginary;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(frame);
            ArrayPool<Complex>.Shared.Return(spectrum);
        }
        return result;
    }

    /// <summary>
    /// Samples [start, start + n) of <paramref name="y"/>: a view when they all lie inside it, otherwise a copy into
    /// <paramref name="padded"/> (n values) with zeros outside [0, y.Length), the STFT's constant padding.
    /// </summary>
    internal static ReadOnlySpan<float> FrameSamples(ReadOnlySpan<float> y, int start, int n, Span<float> padded)
    {
        if (start >= 0 && start + n <= y.Length) return y.Slice(start, n);
        Span<float> frame = padded[..n];
        frame.Clear();
        int from = Math.Clamp(-start, 0, n), to = Math.Clamp(y.Length - start, from, n);
        if (to > from) y.Slice(start + from, to - from).CopyTo(frame[from..]);
        return frame;
    }

    /// <summary>
    /// The complex spectrum of one frame (1 + n_fft/2 bins) into <paramref name="spectrum"/>;
    /// <paramref name="frame"/> is scratch space of at least n_fft values.
    /// </summary>
    public static void Frame(ReadOnlySpan<float> y, int frameIndex, StftOptions options, Span<double> frame, Span<Complex> spectrum)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = options.NFft;
        if (frame.Length < n) throw new ArgumentException($"The frame buffer needs {n} values.", nameof(frame));
        if (spectrum.Length < options.Bins) throw new ArgumentException($"The spectrum buffer needs {options.Bins} values.", nameof(spectrum));
        ReadOnlySpan<double> window = Windows.PeriodicHann(n);
        Span<double> f = frame[..n];
        int start = FrameStart(frameIndex, options);
        // Samples outside [0, len) are the zero padding.
        int from = Math.Clamp(-start, 0, n);
        int to = Math.Clamp(y.Length - start, from, n);
        f[..from].Clear();
        for (int i = from; i < to; i++) f[i] = y[start + i] * window[i];
        f[to..].Clear();
        Fft.Rfft(f, spectrum[..options.Bins]);
    }

    private static FeatureMatrix Compute(ReadOnlySpan<float> y, StftOptions options, bool power)
    {
        int frames = FrameCount(y.Length, options);
        int bins = options.Bins;
        var result = new FeatureMatrix(bins, frames);
        float[] data = result.Data;
        double[] frame = ArrayPool<double>.Shared.Rent(options.NFft);
        Complex[] spectrum = ArrayPool<Complex>.Shared.Rent(bins);
        float[] column = ArrayPool<float>.Shared.Rent(bins);
        try
        {
            for (int t = 0; t < frames; t++)
            {
                PowerFrame(y, t, options, frame, spectrum, column, power ? 2.0 : 1.0);
                for (int k = 0, index = t; k < bins; k++, index += frames) data[index] = column[k];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(frame);
            ArrayPool<Complex>.Shared.Return(spectrum);
            ArrayPool<float>.Shared.Return(column);
        }
        return result;
    }

    /// <summary>
    /// |X|^exponent of one frame as float32 (1 + n_fft/2 values into <paramref name="destination"/>): exponent 1 is
    /// librosa's magnitude np.abs(stft), 2 its power. Power-of-two sizes go through <see cref="FloatFramePowerEngine"/>
    /// where the machine has one, else <see cref="RealFftEngine"/>, else the general <see cref="Fft"/>;
    /// <paramref name="frame"/> (n_fft values) and <paramref name="spectrum"/> (1 + n_fft/2 values) are their scratch space.
    /// </summary>
    internal static void PowerFrame(ReadOnlySpan<float> y, int frameIndex, StftOptions options, Span<double> frame,
        Span<Complex> spectrum, Span<float> destination, double exponent)
    {
        int bins = options.Bins, n = options.NFft;
        if (frame.Length < n || spectrum.Length < bins || destination.Length < bins)
            throw new ArgumentException("Buffers are too short for this transform size.");
        int start = FrameStart(frameIndex, options);
        Span<float> result = destination[..bins];
        if (FloatFramePowerEngine.Supports(n))
            FloatEngineFrame(y, start, n, frame, default, result);
        else if (RealFftEngine.Supports(n))
        {
            // spectrum's memory holds 2 bins doubles: the power values, then n floats of zero-padded frame.
            Span<double> doubles = MemoryMarshal.Cast<Complex, double>(spectrum[..bins]);
            Span<double> power = doubles[..bins];
            Span<float> padded = MemoryMarshal.Cast<double, float>(doubles[bins..]);
            RealFftEngine.For(n).FramePower(y, start, Windows.PeriodicHann(n), frame[..(n / 2)], frame.Slice(n / 2, n / 2), padded, power);
            for (int k = 0; k < bins; k++) result[k] = (float)power[k];
        }
        else
        {
            Frame(y, frameIndex, options, frame, spectrum);
            for (int k = 0; k < bins; k++)
            {
                double re = spectrum[k].Real, im = spectrum[k].Imaginary;
                result[k] = (float)(re * re + im * im);
            }
        }
        if (exponent == 2.0) return;
        if (exponent == 1.0) TensorPrimitives.Sqrt(result, result);
        else for (int k = 0; k < bins; k++) result[k] = (float)Math.Pow(result[k], 0.5 * exponent);
    }

    /// <summary>
    /// librosa's magnitude |X| and power |X|^2 (the magnitude squared in float32) of one frame, 1 + n_fft/2 values each,
    /// in one pass where the float engine serves the size; returns the largest power. Scratch as <see cref="PowerFrame"/>.
    /// </summary>
    internal static float MagnitudeAndPowerFrame(ReadOnlySpan<float> y, int frameIndex, StftOptions options, Span<double> frame,
        Span<Complex> spectrum, Span<float> magnitude, Span<float> power)
    {
        int bins = options.Bins, n = options.NFft;
        if (frame.Length < n || spectrum.Length < bins || magnitude.Length < bins || power.Length < bins)
            throw new ArgumentException("Buffers are too short for this transform size.");
        if (FloatFramePowerEngine.Supports(n))
            return FloatEngineFrame(y, FrameStart(frameIndex, options), n, frame, magnitude[..bins], power[..bins]);
        PowerFrame(y, frameIndex, options, frame, spectrum, magnitude, exponent: 1.0);
        float max = 0f;
        for (int k = 0; k < bins; k++)
        {
            power[k] = magnitude[k] * magnitude[k];
            max = MathF.Max(max, power[k]);
        }
        return max;
    }

    /// <summary>The first sample of frame <paramref name="frameIndex"/> (negative when centred frames start in the padding).</summary>
    private static int FrameStart(int frameIndex, StftOptions options) =>
        frameIndex * options.HopLength - (options.Center ? options.NFft / 2 : 0);

    /// <summary>
    /// One frame through <see cref="FloatFramePowerEngine"/> (magnitude too unless it is empty); <paramref name="frame"/>'s
    /// memory holds the n/2 + n/2 floats of the transform, then n floats of zero-padded frame. Returns the largest power.
    /// </summary>
    private static float FloatEngineFrame(ReadOnlySpan<float> y, int start, int n, Span<double> frame, Span<float> magnitude, Span<float> power)
    {
        Span<float> scratch = MemoryMarshal.Cast<double, float>(frame[..n]);
        return FloatFramePowerEngine.For(n).FrameMagnitudeAndPower(y, start, scratch[..(n / 2)], scratch.Slice(n / 2, n / 2), scratch[n..], magnitude, power);
    }
}
