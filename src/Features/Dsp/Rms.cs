using System.Numerics.Tensors;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.rms(y=...): sqrt(mean(x^2)) over frames of frame_length samples every hop_length samples;
/// centred frames pad the signal with frame_length/2 zeros at both ends (pad_mode 'constant').
/// </summary>
public static class Rms
{
    /// <summary>One value per frame: 1 + len / hop_length frames when centred, else 1 + (len - frame_length) / hop_length.</summary>
    public static float[] Compute(ReadOnlySpan<float> y, int frameLength = 2048, int hopLength = 512, bool center = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopLength);
        int pad = center ? frameLength / 2 : 0;
        int paddedLength = y.Length + 2 * pad;
        if (paddedLength < frameLength)
            throw new ArgumentException($"The signal has {y.Length} samples, fewer than frame_length = {frameLength}.", nameof(y));
        int frames = 1 + (paddedLength - frameLength) / hopLength;
        var rms = new float[frames];
        if (frameLength % hopLength == 0 && pad % hopLength == 0)
        {
            // Frames are whole hop-sized blocks of the padded signal: sum each block's squares once.
            int perFrame = frameLength / hopLength, padBlocks = pad / hopLength;
            int blocks = (y.Length + hopLength - 1) / hopLength;
            double[] blockSums = System.Buffers.ArrayPool<double>.Shared.Rent(blocks);
            try
            {
                for (int b = 0; b < blocks; b++)
                {
                    int from = b * hopLength;
                    blockSums[b] = TensorPrimitives.SumOfSquares(y.Slice(from, Math.Min(hopLength, y.Length - from)));
                }
                for (int t = 0; t < frames; t++)
                {
                    double sum = 0;
                    for (int j = 0; j < perFrame; j++)
                    {
                        int b = t + j - padBlocks;
                        if ((uint)b < (uint)blocks) sum += blockSums[b];
                    }
                    rms[t] = (float)Math.Sqrt(sum / frameLength);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(blockSums);
            }
            return rms;
        }
        for (int t = 0; t < frames; t++)
        {
            // The frame covers padded[t * hop, t * hop + frame_length); outside y the padding is zero.
            int start = t * hopLength - pad;
            int from = Math.Max(start, 0), to = Math.Min(start + frameLength, y.Length);
            double sumOfSquares = to > from ? SumOfSquares(y[from..to]) : 0.0;
            rms[t] = (float)Math.Sqrt(sumOfSquares / frameLength);
        }
        return rms;
    }

    /// <summary>Sum of squares in double over float32 partial sums of 512 values (close to numpy's pairwise float32 sum).</summary>
    private static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i += 512)
            total += TensorPrimitives.SumOfSquares(x.Slice(i, Math.Min(512, x.Length - i)));
        return total;
    }
}
