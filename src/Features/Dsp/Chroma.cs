using System.Buffers;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.chroma_stft: the chroma filterbank (<see cref="ChromaFilterbank"/>) applied to the power
/// spectrogram |STFT|^2, with the tuning estimated from that same power spectrogram (<see cref="Tuning.Estimate"/>)
/// unless given, then each frame normalised (norm inf by default: divided by its largest value; frames whose norm is
/// below float32's tiny are left as they are).
/// </summary>
public static class Chroma
{
    internal const float Tiny = 1.17549435e-38f; // numpy.finfo(float32).tiny

    /// <summary>chroma_stft(y, sr, n_fft, hop_length, tuning, n_chroma, norm): n_chroma x frames. A null tuning is estimated.</summary>
    public static FeatureMatrix Stft(ReadOnlySpan<float> y, int sr, StftOptions? options = null, double? tuning = null, int nChroma = 12, double? norm = double.PositiveInfinity)
    {
        FeatureMatrix power = Dsp.Stft.Power(y, options ?? StftOptions.Default);
        return FromPowerSpectrogram(power, sr, tuning, nChroma, norm);
    }

    /// <summary>chroma_stft(S=power, sr, tuning, n_chroma, norm) for a power spectrogram ((1 + n_fft/2) x frames).</summary>
    public static FeatureMatrix FromPowerSpectrogram(FeatureMatrix power, int sr, double? tuning = null, int nChroma = 12, double? norm = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(power);
        int bins = power.Rows, frames = power.Columns;
        double tune = tuning ?? Tuning.Estimate(power, sr, binsPerOctave: nChroma);
        ChromaFilterbank filterbank = ChromaFilterbank.Create(sr, 2 * (bins - 1), nChroma, tune);
        var result = new FeatureMatrix(nChroma, frames);
        float[] columnBuffer = ArrayPool<float>.Shared.Rent(bins);
        float[] chromaBuffer = ArrayPool<float>.Shared.Rent(nChroma);
        try
        {
            Span<float> column = columnBuffer.AsSpan(0, bins), chroma = chromaBuffer.AsSpan(0, nChroma);
            for (int t = 0; t < frames; t++)
            {
                for (int k = 0, index = t; k < bins; k++, index += frames) column[k] = power.Data[index];
                filterbank.Apply(column, chroma);
                NormalizeFrame(chroma, norm);
                for (int c = 0; c < nChroma; c++) result[c, t] = chroma[c];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columnBuffer);
            ArrayPool<float>.Shared.Return(chromaBuffer);
        }
        return result;
    }

    /// <summary>librosa.util.normalize of one frame (norm inf, p > 0, or null for none), threshold float32's tiny, fill None.</summary>
    internal static void NormalizeFrame(Span<float> chroma, double? norm)
    {
        if (norm is not { } p) return;
        double length = 0;
        if (double.IsPositiveInfinity(p))
            foreach (float v in chroma) length = Math.Max(length, Math.Abs(v));
        else
        {
            foreach (float v in chroma) length += p == 2.0 ? (double)v * v : Math.Pow(Math.Abs(v), p);
            length = p == 2.0 ? Math.Sqrt(length) : Math.Pow(length, 1.0 / p);
        }
        if (length < Tiny) return;
        for (int c = 0; c < chroma.Length; c++) chroma[c] = (float)(chroma[c] / length);
    }
}
