using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.zero_crossing_rate: frames of frame_length samples every hop_length samples (centred: the
/// signal padded with frame_length/2 copies of its edge samples at both ends, np.pad mode 'edge'); in each frame
/// the fraction of its frame_length positions where the sign bit changes from the previous sample
/// (librosa.zero_crossings with threshold 1e-10: |x| at or below it counts as +0; the first position of a frame
/// never counts, pad=False). Edge copies never change sign, so only crossings between consecutive samples of the
/// signal count; they are counted once with SIMD and looked up per frame from running totals.
/// </summary>
public static class ZeroCrossingRate
{
    /// <summary>One rate per frame: 1 + len / hop_length frames when centred, else 1 + (len - frame_length) / hop_length.</summary>
    public static float[] Compute(ReadOnlySpan<float> y, int frameLength = 2048, int hopLength = 512, bool center = true, double threshold = 1e-10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        if (y.IsEmpty) throw new ArgumentException("zero_crossing_rate needs a non-empty signal.", nameof(y));
        int pad = center ? frameLength / 2 : 0;
        int paddedLength = y.Length + 2 * pad;
        if (paddedLength < frameLength)
            throw new ArgumentException($"The signal has {y.Length} samples, fewer than frame_length = {frameLength}.", nameof(y));
        int frames = 1 + (paddedLength - frameLength) / hopLength;
        // numpy compares the float32 signal with the threshold in float32; a sample is "negative" when x < -threshold.
        float limit = -(float)threshold;
        // Crossings c[i] (between samples i - 1 and i, i >= 1) summed over blocks of hop_length: block b covers
        // i in [b hop, (b + 1) hop); a frame's count is read from the running totals with partial blocks at its ends.
        int blocks = (y.Length + hopLength - 1) / hopLength;
        int[] rented = ArrayPool<int>.Shared.Rent(blocks + 1);
        try
        {
            Span<int> before = rented.AsSpan(0, blocks + 1); // before[b] = crossings at i < b hop
            before[0] = 0;
            for (int b = 0; b < blocks; b++)
            {
                int from = Math.Max(1, b * hopLength), to = Math.Min(y.Length, (b + 1) * hopLength);
                before[b + 1] = before[b] + Count(y, from, to, limit);
            }
            var rate = new float[frames];
            for (int t = 0; t < frames; t++)
            {
                // Frame t covers padded positions p in [t hop, t hop + frame_length); pairs (p - 1, p) for p after its first
                // position, i.e. signal indices i = p - pad in [t hop - pad + 1, t hop - pad + frame_length - 1].
                int lo = Math.Max(1, t * hopLength - pad + 1);
                int hi = Math.Min(y.Length - 1, t * hopLength - pad + frameLength - 1);
                int crossings = hi >= lo ? CrossingsBefore(y, hi + 1, before, hopLength, limit) - CrossingsBefore(y, lo, before, hopLength, limit) : 0;
                rate[t] = (float)((double)crossings / frameLength);
            }
            return rate;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>Crossings at signal indices 1 <= i &lt; <paramref name="end"/>.</summary>
    private static int CrossingsBefore(ReadOnlySpan<float> y, int end, ReadOnlySpan<int> before, int hop, float limit)
    {
        int block = end / hop;
        int start = Math.Max(1, block * hop);
        return before[block] + (end > start ? Count(y, start, end, limit) : 0);
    }

    /// <summary>Number of i in [from, to) where (y[i] &lt; limit) differs from (y[i - 1] &lt; limit); from >= 1.</summary>
    private static int Count(ReadOnlySpan<float> y, int from, int to, float limit)
    {
        int count = 0, i = from;
        ref float r = ref MemoryMarshal.GetReference(y);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> l = Vector256.Create(limit);
            for (; i + 8 <= to; i += 8)
            {
                Vector256<float> current = Vector256.LoadUnsafe(ref r, (nuint)i);
                Vector256<float> previous = Vector256.LoadUnsafe(ref r, (nuint)(i - 1));
                Vector256<float> changed = Vector256.Xor(Vector256.LessThan(current, l), Vector256.LessThan(previous, l));
                count += BitOperations.PopCount(changed.ExtractMostSignificantBits());
            }
        }
        for (; i < to; i++)
            if ((y[i] < limit) != (y[i - 1] < limit)) count++;
        return count;
    }
}
