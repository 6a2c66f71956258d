using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.spectral_centroid, spectral_bandwidth and spectral_rolloff of a magnitude spectrogram
/// ((1 + n_fft/2) x frames, |STFT| as librosa's _spectrogram with power 1), with fft_frequencies(sr, n_fft) as
/// the bin frequencies. Silent frames (total magnitude below float32's tiny) give 0, as librosa's normalize leaves
/// them unscaled. The roll-off accumulates the magnitudes in float32 in bin order, as numpy.cumsum does on
/// librosa's float32 spectrogram, so the chosen bin is librosa's.
/// </summary>
public static class SpectralDescriptors
{
    internal const float Tiny = 1.17549435e-38f; // numpy.finfo(float32).tiny

    /// <summary>spectral_centroid: sum_k f[k] S[k, t] / sum_k S[k, t], one value per frame.</summary>
    public static float[] Centroid(FeatureMatrix magnitude, int sr) => Compute(magnitude, sr, Kind.Centroid, 2.0, true, 0.85);

    /// <summary>
    /// spectral_bandwidth(p, norm): (sum_k S'[k, t] |f[k] - centroid[t]|^p)^(1/p), S' the column-normalised
    /// spectrogram when <paramref name="norm"/> is true.
    /// </summary>
    public static float[] Bandwidth(FeatureMatrix magnitude, int sr, double p = 2.0, bool norm = true)
    {
        if (!(p > 0)) throw new ArgumentOutOfRangeException(nameof(p), p, "p must be strictly positive.");
        return Compute(magnitude, sr, Kind.Bandwidth, p, norm, 0.85);
    }

    /// <summary>spectral_rolloff(roll_percent): the frequency of the first bin where the cumulative magnitude reaches roll_percent of the frame's total.</summary>
    public static float[] Rolloff(FeatureMatrix magnitude, int sr, double rollPercent = 0.85)
    {
        if (!(rollPercent > 0 && rollPercent < 1))
            throw new ArgumentOutOfRangeException(nameof(rollPercent), rollPercent, "roll_percent must lie in the range (0, 1).");
        return Compute(magnitude, sr, Kind.Rolloff, 2.0, true, rollPercent);
    }

    /// <summary>Centroid and bandwidth (p = 2, normalised) of one frame's magnitudes over bin frequencies <paramref name="freq"/>.</summary>
    internal static (double Centroid, double Bandwidth) CentroidBandwidth(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq)
    {
        (double centroid, double bandwidth, _) = Frame(magnitude, freq, 0.85f);
        return (centroid, bandwidth);
    }

    /// <summary>The roll-off frequency of one frame exactly as librosa's float32 arithmetic picks it (see <see cref="Frame"/>).</summary>
    internal static double Rolloff(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq, float rollPercent) =>
        Frame(magnitude, freq, rollPercent).Rolloff;

    private const int Block = 16;

    /// <summary>
    /// Centroid, bandwidth (p = 2, normalised) and roll-off of one frame's magnitudes over bin frequencies
    /// <paramref name="freq"/>, from one sweep that sums S, S f and S f^2 in double and keeps the sum of every block
    /// of 16 bins. The roll-off bin is librosa's float32 choice: the float32 running sums stay within
    /// (2 bins + 4) 2^-24 x total of the exact ones, so when the exact crossing (found block by block) clears that
    /// margin on both sides its bin is librosa's; otherwise (rare) the float32 sums are replayed.
    /// </summary>
    internal static (double Centroid, double Bandwidth, double Rolloff) Frame(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq, float rollPercent)
    {
        (double centroid, double bandwidth, double rolloff) = FrameOrUndecided(magnitude, freq, rollPercent);
        return (centroid, bandwidth, double.IsNaN(rolloff) ? RolloffOfFrame(magnitude, freq, rollPercent) : rolloff);
    }

    /// <summary>
    /// <see cref="Frame"/>, except that a roll-off too close to call from the double sums comes back as NaN, for the
    /// caller to settle with <see cref="RolloffOfFrames"/> together with other such frames.
    /// </summary>
    internal static (double Centroid, double Bandwidth, double Rolloff) FrameOrUndecided(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq, float rollPercent)
    {
        int n = magnitude.Length;
        if (freq.Length < n) throw new ArgumentException("There are fewer bin frequencies than bins.", nameof(freq));
        int blocks = (n + Block - 1) / Block;
        Span<double> blockSums = blocks <= 512 ? stackalloc double[blocks] : new double[blocks];
        (double m0, double m1, double m2) = Sums(magnitude, freq, blockSums);
        double length = m0 < Tiny ? 1.0 : m0;
        double centroid = m1 / length;
        // sum_k (S[k] / L) (f[k] - c)^2 = (m2 - 2 c m1 + c^2 m0) / L
        double spread = (m2 - 2 * centroid * m1 + centroid * centroid * m0) / length;
        return (centroid, Math.Sqrt(Math.Max(spread, 0.0)), RolloffFromBlocks(magnitude, freq, rollPercent, blockSums, m0));
    }

    /// <summary>sum S, sum S f, sum S f^2 in double, and the plain sum of each block of 16 bins into <paramref name="blockSums"/>.</summary>
    private static (double M0, double M1, double M2) Sums(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq, Span<double> blockSums)
    {
        int n = magnitude.Length, k = 0, b = 0;
        ref float mRef = ref MemoryMarshal.GetReference(magnitude);
        ref double fRef = ref MemoryMarshal.GetReference(freq);
        Vector256<double> s1 = Vector256<double>.Zero, s2 = Vector256<double>.Zero;
        double m0 = 0;
        for (; k + Block <= n; k += Block, b++)
        {
            (Vector256<double> a, Vector256<double> c) = Vector256.Widen(Vector256.LoadUnsafe(ref mRef, (nuint)k));
            (Vector256<double> d, Vector256<double> e) = Vector256.Widen(Vector256.LoadUnsafe(ref mRef, (nuint)(k + 8)));
            Vector256<double> fa = Vector256.LoadUnsafe(ref fRef, (nuint)k), fc = Vector256.LoadUnsafe(ref fRef, (nuint)(k + 4));
            Vector256<double> fd = Vector256.LoadUnsafe(ref fRef, (nuint)(k + 8)), fe = Vector256.LoadUnsafe(ref fRef, (nuint)(k + 12));
            Vector256<double> af = a * fa, cf = c * fc, df = d * fd, ef = e * fe;
            double blockSum = Vector256.Sum((a + c) + (d + e));
            blockSums[b] = blockSum;
            m0 += blockSum;
            s1 += (af + cf) + (df + ef);
            s2 += (af * fa + cf * fc) + (df * fd + ef * fe);
        }
        double m1 = Vector256.Sum(s1), m2 = Vector256.Sum(s2);
        if (k < n)
        {
            double tail = 0;
            for (; k < n; k++)
            {
                double m = magnitude[k], f = freq[k];
                tail += m;
                m1 += m * f;
                m2 += m * f * f;
            }
            blockSums[b] = tail;
            m0 += tail;
        }
        return (m0, m1, m2);
    }

    /// <summary>
    /// The roll-off bin from the block sums (see <see cref="Frame"/>), or NaN when the exact crossing is too close to
    /// call and librosa's float32 running sums must be replayed. Rounding bounds, with u = 2^-24 and P_j the exact partial sums: numpy's
    /// sequential float32 cumsum is within u sum_{j&lt;=i} P_j &lt;= u (i + 1) P_i of P_i at bin i, so its total (and the
    /// float32 threshold roll_percent x total) is within u (roll_percent W + total) of the exact threshold, where
    /// W = sum_j P_j is bounded above by each block's length times the partial sum at its end (magnitudes are
    /// non-negative, so partial sums only grow).
    /// </summary>
    private static double RolloffFromBlocks(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq, float rollPercent,
        ReadOnlySpan<double> blockSums, double total)
    {
        const double U = 1.0 / (1 << 24);
        int n = magnitude.Length, blocks = (n + Block - 1) / Block;
        double threshold = rollPercent * total;
        double partialSums = 0, prefix = 0;
        for (int b = 0; b < blocks; b++)
        {
            prefix += blockSums[b];
            partialSums += Math.Min(Block, n - b * Block) * prefix;
        }
        // 1 % slack covers the second-order terms and the double sums' own rounding.
        double thresholdMargin = 1.01 * U * (rollPercent * partialSums + total) + 1e-12 * total;
        double running = 0;
        for (int b = 0, k = 0; k < n; b++, k += Block)
        {
            if (running + blockSums[b] < threshold && b + 1 < blocks)
            {
                running += blockSums[b];
                continue;
            }
            int end = Math.Min(k + Block, n);
            for (int i = k; i < end; i++)
            {
                double previous = running;
                running += magnitude[i];
                if (running >= threshold)
                {
                    bool below = i == 0 || previous + 1.01 * U * i * previous < threshold - thresholdMargin;
                    bool above = running - 1.01 * U * (i + 1) * running >= threshold + thresholdMargin;
                    return below && above ? freq[i] : double.NaN;
                }
            }
        }
        return double.NaN;
    }

    /// <summary>The roll-off frequency of one frame: float32 running sums in bin order, threshold roll_percent x total in float32.</summary>
    internal static double RolloffOfFrame(ReadOnlySpan<float> magnitude, ReadOnlySpan<double> freq, float rollPercent)
    {
        // One pass of float32 running sums (the total is the last), kept, then the first that reaches the threshold:
        // the same numbers as summing twice, with one chain of dependent additions instead of two.
        int n = magnitude.Length;
        Span<float> running = n <= 4096 ? stackalloc float[n] : new float[n];
        float sum = 0;
        for (int k = 0; k < n; k++) running[k] = sum += magnitude[k];
        return FirstReaching(running, rollPercent * sum, freq);
    }

    /// <summary>
    /// <see cref="RolloffOfFrame"/> for several frames (<paramref name="magnitudes"/>: whole frames of
    /// <paramref name="bins"/> values, one after another) into <paramref name="rolloffs"/>. The float32 running sums
    /// of one frame are a chain of dependent additions; four frames' chains interleave, so the additions overlap.
    /// </summary>
    internal static void RolloffOfFrames(ReadOnlySpan<float> magnitudes, int bins, ReadOnlySpan<double> freq, float rollPercent, Span<double> rolloffs)
    {
        int count = magnitudes.Length / bins, t = 0;
        if (magnitudes.Length != count * bins) throw new ArgumentException($"The magnitudes are not whole frames of {bins} bins.", nameof(magnitudes));
        if (rolloffs.Length < count) throw new ArgumentException($"The destination holds {rolloffs.Length} values, expected {count}.", nameof(rolloffs));
        float[] running = ArrayPool<float>.Shared.Rent(4 * bins);
        try
        {
            for (; t + 4 <= count; t += 4)
            {
                ref float m = ref Unsafe.AsRef(in magnitudes[t * bins]);
                ref float r = ref MemoryMarshal.GetArrayDataReference(running);
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int k = 0; k < bins; k++)
                {
                    Unsafe.Add(ref r, k) = s0 += Unsafe.Add(ref m, k);
                    Unsafe.Add(ref r, bins + k) = s1 += Unsafe.Add(ref m, bins + k);
                    Unsafe.Add(ref r, 2 * bins + k) = s2 += Unsafe.Add(ref m, 2 * bins + k);
                    Unsafe.Add(ref r, 3 * bins + k) = s3 += Unsafe.Add(ref m, 3 * bins + k);
                }
                rolloffs[t] = FirstReaching(running.AsSpan(0, bins), rollPercent * s0, freq);
                rolloffs[t + 1] = FirstReaching(running.AsSpan(bins, bins), rollPercent * s1, freq);
                rolloffs[t + 2] = FirstReaching(running.AsSpan(2 * bins, bins), rollPercent * s2, freq);
                rolloffs[t + 3] = FirstReaching(running.AsSpan(3 * bins, bins), rollPercent * s3, freq);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(running);
        }
        for (; t < count; t++) rolloffs[t] = RolloffOfFrame(magnitudes.Slice(t * bins, bins), freq, rollPercent);
    }

    /// <summary>The frequency of the first bin whose running sum reaches <paramref name="threshold"/> (the last bin if none does).</summary>
    private static double FirstReaching(ReadOnlySpan<float> running, float threshold, ReadOnlySpan<double> freq)
    {
        for (int k = 0; k < running.Length; k++)
            if (running[k] >= threshold) return freq[k];
        return freq[running.Length - 1];
    }

    private enum Kind { Centroid, Bandwidth, Rolloff }

    private static float[] Compute(FeatureMatrix magnitude, int sr, Kind kind, double p, bool norm, double rollPercent)
    {
        ArgumentNullException.ThrowIfNull(magnitude);
        int bins = magnitude.Rows, frames = magnitude.Columns;
        if (bins < 2) throw new ArgumentException("A spectrogram needs at least 2 bins (1 + n_fft/2).", nameof(magnitude));
        double[] freq = MelScale.FftFrequencies(sr, 2 * (bins - 1));
        var result = new float[frames];
        float[] rented = ArrayPool<float>.Shared.Rent(bins);
        try
        {
            Span<float> column = rented.AsSpan(0, bins);
            for (int t = 0; t < frames; t++)
            {
                for (int k = 0, index = t; k < bins; k++, index += frames)
                {
                    float v = magnitude.Data[index];
                    if (v < 0) throw new ArgumentException("Spectral features are only defined with non-negative energies.", nameof(magnitude));
                    column[k] = v;
                }
                result[t] = (float)(kind switch
                {
                    Kind.Centroid => CentroidBandwidth(column, freq).Centroid,
                    Kind.Bandwidth when p == 2.0 && norm => CentroidBandwidth(column, freq).Bandwidth,
                    Kind.Bandwidth => GeneralBandwidth(column, freq, p, norm),
                    _ => Rolloff(column, freq, (float)rollPercent),
                });
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
        return result;
    }

    private static double GeneralBandwidth(ReadOnlySpan<float> column, ReadOnlySpan<double> freq, double p, bool norm)
    {
        double centroid = CentroidBandwidth(column, freq).Centroid;
        double sum = 0, total = 0;
        foreach (float m in column) total += m;
        double length = !norm || total < Tiny ? 1.0 : total;
        for (int k = 0; k < column.Length; k++)
            sum += column[k] / length * Math.Pow(Math.Abs(freq[k] - centroid), p);
        return Math.Pow(sum, 1.0 / p);
    }
}
