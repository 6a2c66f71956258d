namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.zero_crossing_rate: frames of frame_length samples every hop_length samples (centred: the
/// signal padded with frame_length/2 copies of its edge samples at both ends, np.pad mode 'edge'); in each frame
/// the fraction of its frame_length positions where the sign bit changes from the previous sample
/// (librosa.zero_crossings with threshold 1e-10: |x| at or below it counts as +0; the first position of a frame
/// never counts, pad=False).
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
        // changes[i] = 1 when padded[i] and padded[i - 1] differ in sign bit; prefix[i] = sum of changes[1..i].
        var prefix = new int[paddedLength];
        float limit = (float)threshold; // numpy compares the float32 signal with the threshold in float32
        bool previous = Negative(y[0], limit);
        int count = 0;
        for (int i = 1; i < paddedLength; i++)
        {
            int source = Math.Clamp(i - pad, 0, y.Length - 1);
            bool negative = Negative(y[source], limit);
            if (negative != previous) count++;
            prefix[i] = count;
            previous = negative;
        }
        var rate = new float[frames];
        for (int t = 0; t < frames; t++)
        {
            int start = t * hopLength;
            int crossings = prefix[start + frameLength - 1] - prefix[start];
            rate[t] = (float)((double)crossings / frameLength);
        }
        return rate;
    }

    private static bool Negative(float x, float limit) => !(Math.Abs(x) <= limit) && float.IsNegative(x);
}
