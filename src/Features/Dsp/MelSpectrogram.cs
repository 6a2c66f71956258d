using System.Buffers;
using System.Numerics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.melspectrogram: the mel filterbank applied to |STFT|^power. Frames are streamed:
/// each frame's spectrum lives only in a reused buffer, so the full STFT is never materialised.
/// </summary>
public static class MelSpectrogram
{
    /// <summary>n_mels x frames mel spectrogram of <paramref name="y"/> at sample rate <paramref name="sr"/>.</summary>
    public static FeatureMatrix Compute(ReadOnlySpan<float> y, int sr, MelOptions? options = null)
    {
        options ??= MelOptions.Default;
        if (!(options.Power > 0) || !double.IsFinite(options.Power))
            throw new ArgumentOutOfRangeException(nameof(options), options.Power, "power must be positive and finite.");
        StftOptions stft = options.StftOptions;
        int frames = Stft.FrameCount(y.Length, stft);
        MelFilterbank filterbank = options.Filterbank(sr);
        int bins = stft.Bins, nMels = options.NMels;
        var result = new FeatureMatrix(nMels, frames);
        float[] data = result.Data;
        double[] frame = ArrayPool<double>.Shared.Rent(stft.NFft);
        Complex[] spectrum = ArrayPool<Complex>.Shared.Rent(bins);
        float[] powerBuffer = ArrayPool<float>.Shared.Rent(bins);
        float[] melBuffer = ArrayPool<float>.Shared.Rent(nMels);
        try
        {
            Span<float> power = powerBuffer.AsSpan(0, bins);
            Span<float> mel = melBuffer.AsSpan(0, nMels);
            for (int t = 0; t < frames; t++)
            {
                Stft.PowerFrame(y, t, stft, frame, spectrum, power, options.Power);
                filterbank.Apply(power, mel);
                for (int m = 0, index = t; m < nMels; m++, index += frames) data[index] = mel[m];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(frame);
            ArrayPool<Complex>.Shared.Return(spectrum);
            ArrayPool<float>.Shared.Return(powerBuffer);
            ArrayPool<float>.Shared.Return(melBuffer);
        }
        return result;
    }

    /// <summary>
    /// librosa.feature.melspectrogram(S=...): the filterbank applied to an existing spectrogram
    /// (already raised to the wanted power), (1 + n_fft/2) x frames.
    /// </summary>
    public static FeatureMatrix FromSpectrogram(FeatureMatrix spectrogram, int sr, MelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        return (options ?? MelOptions.Default).Filterbank(sr).Apply(spectrogram);
    }
}
