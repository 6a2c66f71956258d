using System.Buffers;
using System.Collections.Concurrent;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.mfcc with dct_type 2, norm 'ortho', lifter 0: the orthonormal DCT-II
/// (scipy.fft.dct(type=2, norm='ortho')) of the dB mel spectrogram along the mel axis, first n_mfcc rows.
/// </summary>
public static class Mfcc
{
    private static readonly ConcurrentDictionary<(int NMels, int NMfcc), double[]> DctCache = new();

    /// <summary>
    /// MFCCs of <paramref name="y"/>: power_to_db(melspectrogram(y, sr, mel options), ref 1, amin 1e-10, top_db 80),
    /// then the DCT. n_mfcc x frames.
    /// </summary>
    public static FeatureMatrix Compute(ReadOnlySpan<float> y, int sr, int nMfcc = 20, MelOptions? melOptions = null)
    {
        FeatureMatrix mel = MelSpectrogram.Compute(y, sr, melOptions);
        Decibels.PowerToDb(mel.Data, mel.Data); // in place: the power values are not needed afterwards
        return FromLogMel(mel, nMfcc);
    }

    /// <summary>MFCCs from a log-power (dB) mel spectrogram, n_mels x frames (librosa.feature.mfcc(S=...)).</summary>
    public static FeatureMatrix FromLogMel(FeatureMatrix logMelDb, int nMfcc = 20)
    {
        ArgumentNullException.ThrowIfNull(logMelDb);
        int nMels = logMelDb.Rows, frames = logMelDb.Columns;
        if (nMfcc < 1 || nMfcc > nMels)
            throw new ArgumentOutOfRangeException(nameof(nMfcc), nMfcc, $"n_mfcc must be between 1 and the number of mel bands ({nMels}).");
        ReadOnlySpan<double> dct = DctMatrix(nMels, nMfcc);
        var result = new FeatureMatrix(nMfcc, frames);
        float[] source = logMelDb.Data, target = result.Data;
        double[] rented = ArrayPool<double>.Shared.Rent(nMels);
        try
        {
            Span<double> column = rented.AsSpan(0, nMels);
            for (int t = 0; t < frames; t++)
            {
                for (int n = 0, index = t; n < nMels; n++, index += frames) column[n] = source[index];
                for (int k = 0; k < nMfcc; k++)
                {
                    ReadOnlySpan<double> basis = dct.Slice(k * nMels, nMels);
                    double sum = 0;
                    for (int n = 0; n < nMels; n++) sum += basis[n] * column[n];
                    target[k * frames + t] = (float)sum;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
        return result;
    }

    /// <summary>
    /// The MFCCs of one frame: <paramref name="column"/> holds its n_mels dB values as double; <paramref name="dct"/> is
    /// <see cref="DctMatrix"/>(n_mels, n_mfcc).
    /// </summary>
    internal static void Frame(ReadOnlySpan<double> column, ReadOnlySpan<double> dct, Span<float> mfcc)
    {
        int nMels = column.Length;
        for (int k = 0; k < mfcc.Length; k++)
            mfcc[k] = (float)System.Numerics.Tensors.TensorPrimitives.Dot(dct.Slice(k * nMels, nMels), column);
    }

    /// <summary>
    /// Rows of the orthonormal DCT-II matrix of size <paramref name="n"/>, first <paramref name="count"/> rows:
    /// D[k, j] = s_k cos(pi k (2j + 1) / 2n), s_0 = sqrt(1/n), s_k = sqrt(2/n). Cached; row-major.
    /// </summary>
    internal static ReadOnlySpan<double> DctMatrix(int n, int count) =>
        DctCache.GetOrAdd((n, count), static key =>
        {
            (int size, int rows) = key;
            var d = new double[rows * size];
            for (int k = 0; k < rows; k++)
            {
                double scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / size);
                for (int j = 0; j < size; j++)
                {
                    // Reduce k (2j + 1) modulo 4n so the cosine argument stays in [0, 2 pi).
                    long phase = (long)k * (2 * j + 1) % (4L * size);
                    d[k * size + j] = scale * Math.Cos(Math.PI * phase / (2.0 * size));
                }
            }
            return d;
        });
}
