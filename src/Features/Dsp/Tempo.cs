using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.tempo and librosa.feature.tempogram (autocorrelation tempogram). The tempogram frames the onset
/// envelope (padded with win_length/2 values of np.pad's 'linear_ramp' towards 0 at both ends when centred) at hop 1,
/// multiplies each frame by a periodic Hann window, autocorrelates it and divides by its largest value (inf-norm).
/// tempo averages the tempogram over frames (win_length = ac_size seconds of frames), weights each lag by the
/// log-normal prior -0.5 ((log2 bpm - log2 start_bpm) / std_bpm)^2, excludes lags above max_tempo and returns the BPM
/// of the best lag, 60 sr / (hop_length lag): one of librosa's discrete values, not an interpolation.
/// </summary>
public static class Tempo
{
    private const double Float64Tiny = 2.2250738585072014e-308; // numpy.finfo(float64).tiny

    /// <summary>librosa.feature.tempo(y=y, sr=sr): onset strength of <paramref name="y"/>, then <see cref="Estimate"/>.</summary>
    public static double FromSignal(ReadOnlySpan<float> y, int sr, MelOptions? melOptions = null, double startBpm = 120.0,
        double stdBpm = 1.0, double acSize = 8.0, double? maxTempo = 320.0)
    {
        melOptions ??= MelOptions.Default;
        float[] onset = Onset.Strength(y, sr, melOptions);
        return Estimate(onset, sr, melOptions.HopLength, startBpm, stdBpm, acSize, maxTempo);
    }

    /// <summary>librosa.feature.tempo(onset_envelope, sr, hop_length, start_bpm, std_bpm, ac_size, max_tempo, aggregate=np.mean).</summary>
    public static double Estimate(ReadOnlySpan<float> onsetEnvelope, int sr, int hopLength = 512, double startBpm = 120.0,
        double stdBpm = 1.0, double acSize = 8.0, double? maxTempo = 320.0)
    {
        if (!(startBpm > 0)) throw new ArgumentOutOfRangeException(nameof(startBpm), startBpm, "start_bpm must be strictly positive.");
        if (!(stdBpm > 0)) throw new ArgumentOutOfRangeException(nameof(stdBpm), stdBpm, "std_bpm must be strictly positive.");
        int winLength = WindowLength(sr, hopLength, acSize);
        double[] meanTempogram = MeanTempogram(onsetEnvelope, winLength);
        return Choose(meanTempogram, sr, hopLength, startBpm, stdBpm, maxTempo);
    }

    /// <summary>librosa.time_to_frames(ac_size, sr, hop_length): floor(int(ac_size sr) / hop_length).</summary>
    public static int WindowLength(int sr, int hopLength, double acSize = 8.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sr);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        if (!(acSize > 0)) throw new ArgumentOutOfRangeException(nameof(acSize), acSize, "ac_size must be strictly positive.");
        int winLength = (int)(acSize * sr) / hopLength;
        if (winLength < 1) throw new ArgumentOutOfRangeException(nameof(acSize), acSize, "ac_size is shorter than one hop.");
        return winLength;
    }

    /// <summary>librosa.tempo_frequencies(n_bins, hop_length, sr): inf, then 60 sr / (hop_length k) for k = 1..n_bins-1.</summary>
    public static double[] TempoFrequencies(int nBins, int hopLength = 512, int sr = 22050)
    {
        var bpm = new double[nBins];
        if (nBins > 0) bpm[0] = double.PositiveInfinity;
        for (int k = 1; k < nBins; k++) bpm[k] = 60.0 * sr / (hopLength * (double)k);
        return bpm;
    }

    /// <summary>librosa.feature.tempogram(onset_envelope, win_length, center, window='hann', norm=inf): win_length x frames.</summary>
    public static FeatureMatrix Tempogram(ReadOnlySpan<float> onsetEnvelope, int winLength = 384, bool center = true)
    {
        int frames = FrameCount(onsetEnvelope.Length, winLength, center);
        var result = new FeatureMatrix(winLength, frames);
        ForEachFrame(onsetEnvelope, winLength, center, (t, ac) =>
        {
            for (int k = 0; k < ac.Length; k++) result[k, t] = (float)ac[k];
        });
        return result;
    }

    /// <summary>The tempogram averaged over frames (numpy.mean(tg, axis=-1)), in double as librosa's float64 tempogram.</summary>
    internal static double[] MeanTempogram(ReadOnlySpan<float> onsetEnvelope, int winLength) =>
        Vector256.IsHardwareAccelerated ? SlidingTempogram.Mean(onsetEnvelope, winLength) : MeanTempogramByFft(onsetEnvelope, winLength);

    /// <summary><see cref="MeanTempogram"/> with two FFTs per frame, as librosa computes it (the reference for the sliding version).</summary>
    internal static double[] MeanTempogramByFft(ReadOnlySpan<float> onsetEnvelope, int winLength)
    {
        var sum = new double[winLength];
        int frames = FrameCount(onsetEnvelope.Length, winLength, true);
        ForEachFrame(onsetEnvelope, winLength, true, (_, ac) => TensorPrimitives.Add(sum, ac, sum));
        if (frames > 0)
            for (int k = 0; k < winLength; k++) sum[k] /= frames;
        return sum;
    }

    /// <summary>The prior-weighted choice of lag in librosa.feature.tempo, for an aggregated tempogram column.</summary>
    internal static double Choose(ReadOnlySpan<double> tempogram, int sr, int hopLength, double startBpm, double stdBpm, double? maxTempo)
    {
        int winLength = tempogram.Length;
        double[] bpms = TempoFrequencies(winLength, hopLength, sr);
        int maxIndex = 0;
        if (maxTempo is { } limit)
        {
            // numpy.argmax(bpms < max_tempo): the first lag below the limit, 0 when there is none.
            for (int k = 0; k < winLength; k++)
                if (bpms[k] < limit)
                {
                    maxIndex = k;
                    break;
                }
        }
        double logStart = Math.Log2(startBpm);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int k = 0; k < winLength; k++)
        {
            double z = (Math.Log2(bpms[k]) - logStart) / stdBpm;
            double logPrior = k < maxIndex ? double.NegativeInfinity : -0.5 * z * z;
            double score = Math.Log(1.0 + 1e6 * tempogram[k]) + logPrior;
            if (double.IsNaN(score)) return bpms[k]; // numpy.argmax returns the first NaN
            if (score > bestScore) // strict: the first of equal maxima wins, as numpy.argmax
            {
                bestScore = score;
                best = k;
            }
        }
        return bpms[best];
    }

    private static int FrameCount(int n, int winLength, bool center)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(winLength);
        if (center) return n;
        return n >= winLength ? n - winLength + 1 : 0;
    }

    private delegate void FrameHandler(int frame, ReadOnlySpan<double> autocorrelation);

    /// <summary>Each frame's windowed, autocorrelated and inf-normalised column (lags 0..win_length-1).</summary>
    private static void ForEachFrame(ReadOnlySpan<float> onset, int winLength, bool center, FrameHandler handler)
    {
        int n = onset.Length;
        int frames = FrameCount(n, winLength, center);
        if (frames == 0) return;
        int pad = center ? winLength / 2 : 0;
        // Linear autocorrelation up to lag win_length - 1 through a circular one of size >= 2 win_length - 1.
        int fftSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * winLength - 1, 16));
        int bins = fftSize / 2 + 1;
        RealFftEngine engine = RealFftEngine.For(fftSize);
        // np.pad(mode='linear_ramp', end_values=0): linspace(0, edge, pad, endpoint=False) before, its reverse after;
        // float32 like the onset envelope. Zeros follow so that every frame of fftSize samples lies inside.
        int paddedLength = n + 2 * pad;
        float[] padded = ArrayPool<float>.Shared.Rent(paddedLength + fftSize);
        double[] window = ArrayPool<double>.Shared.Rent(fftSize);
        double[] re = ArrayPool<double>.Shared.Rent(fftSize / 2);
        double[] im = ArrayPool<double>.Shared.Rent(fftSize / 2);
        float[] scratch = ArrayPool<float>.Shared.Rent(fftSize);
        double[] power = ArrayPool<double>.Shared.Rent(fftSize);
        double[] real = ArrayPool<double>.Shared.Rent(bins);
        double[] ac = ArrayPool<double>.Shared.Rent(winLength);
        try
        {
            padded.AsSpan(0, paddedLength + fftSize).Clear();
            if (pad > 0)
            {
                double first = onset[0], last = onset[n - 1];
                for (int i = 0; i < pad; i++)
                {
                    padded[i] = (float)(i * (first / pad));
                    padded[paddedLength - 1 - i] = (float)(i * (last / pad));
                }
            }
            onset.CopyTo(padded.AsSpan(pad, n));
            Windows.PeriodicHann(winLength).CopyTo(window);
            window.AsSpan(winLength, fftSize - winLength).Clear();
            Span<double> p = power.AsSpan(0, fftSize);
            Span<double> column = ac.AsSpan(0, winLength);
            double scale = 1.0 / fftSize;
            for (int t = 0; t < frames; t++)
            {
                // |X|^2 of the windowed frame, then its inverse transform: |X|^2 is real and even, so the inverse is
                // the forward transform's real part / N.
                engine.FramePower(padded, t, window, re, im, scratch, p);
                for (int k = bins; k < fftSize; k++) p[k] = p[fftSize - k];
                engine.RealPart(p, re, im, real);
                TensorPrimitives.Multiply(real.AsSpan(0, winLength), scale, column);
                double max = Math.Abs(TensorPrimitives.MaxMagnitude(column));
                // librosa.util.normalize(norm=inf): leave a frame whose norm is below float64's tiny unscaled.
                if (max >= Float64Tiny)
                    TensorPrimitives.Divide(column, max, column);
                handler(t, column);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
            ArrayPool<double>.Shared.Return(window);
            ArrayPool<double>.Shared.Return(re);
            ArrayPool<double>.Shared.Return(im);
            ArrayPool<float>.Shared.Return(scratch);
            ArrayPool<double>.Shared.Return(power);
            ArrayPool<double>.Shared.Return(real);
            ArrayPool<double>.Shared.Return(ac);
        }
    }
}
