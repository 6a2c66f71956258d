using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.feature.mfcc with dct_type 2, norm 'ortho', lifter 0: the orthonormal DCT-II
/// (scipy.fft.dct(type=2, norm='ortho')) of the dB mel spectrogram along the mel axis, first n_mfcc rows.
/// </summary>
public static class Mfcc
{
    private static readonly ConcurrentDictionary<(int NMels, int NMfcc), double[]> DctCache = new();
    private static readonly ConcurrentDictionary<(int NMels, int NMfcc), float[]> DctSingleCache = new();

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
        ReadOnlySpan<float> dct = DctMatrixSingle(nMels, nMfcc);
        var result = new FeatureMatrix(nMfcc, frames);
        float[] source = logMelDb.Data, target = result.Data;
        float[] rented = ArrayPool<float>.Shared.Rent(nMels + nMfcc);
        try
        {
            Span<float> column = rented.AsSpan(0, nMels), coefficients = rented.AsSpan(nMels, nMfcc);
            for (int t = 0; t < frames; t++)
            {
                for (int n = 0, index = t; n < nMels; n++, index += frames) column[n] = source[index];
                Frame(column, dct, coefficients);
                for (int k = 0; k < nMfcc; k++) target[k * frames + t] = coefficients[k];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
        return result;
    }

    /// <summary>
    /// The MFCCs of one frame: the dot products of its n_mels dB values with the first n_mfcc rows of
    /// <paramref name="dct"/> (<see cref="DctMatrixSingle"/>(n_mels, n_mfcc)) in float32, as scipy.fft.dct computes on
    /// librosa's float32 spectrogram; four rows per sweep so each value is loaded once for four rows.
    /// </summary>
    internal static void Frame(ReadOnlySpan<float> melDb, ReadOnlySpan<float> dct, Span<float> mfcc)
    {
        int nMels = melDb.Length, nMfcc = mfcc.Length, k = 0;
        if (dct.Length < nMels * nMfcc) throw new ArgumentException("The DCT matrix is smaller than n_mfcc x n_mels.", nameof(dct));
        if (Vector256.IsHardwareAccelerated && nMels % Vector256<float>.Count == 0)
        {
            ref float xs = ref MemoryMarshal.GetReference(melDb);
            for (; k + 4 <= nMfcc; k += 4)
            {
                ref float r0 = ref Unsafe.AsRef(in dct[k * nMels]);
                ref float r1 = ref Unsafe.Add(ref r0, nMels);
                ref float r2 = ref Unsafe.Add(ref r0, 2 * nMels);
                ref float r3 = ref Unsafe.Add(ref r0, 3 * nMels);
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (nuint n = 0; n < (nuint)nMels; n += (nuint)Vector256<float>.Count)
                {
                    Vector256<float> v = Vector256.LoadUnsafe(ref xs, n);
                    a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, n), v, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, n), v, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, n), v, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, n), v, a3);
                }
                mfcc[k] = Vector256.Sum(a0);
                mfcc[k + 1] = Vector256.Sum(a1);
                mfcc[k + 2] = Vector256.Sum(a2);
                mfcc[k + 3] = Vector256.Sum(a3);
            }
        }
        // Rows left over (and every row without SIMD): accumulated in double, so a long scalar sum stays float-accurate.
        for (; k < nMfcc; k++)
        {
            ReadOnlySpan<float> row = dct.Slice(k * nMels, nMels);
            double sum = 0;
            for (int n = 0; n < nMels; n++) sum += (double)row[n] * melDb[n];
            mfcc[k] = (float)sum;
        }
    }

    /// <summary><see cref="DctMatrix"/> rounded to float32 (scipy's float32 transform works with float32 factors). Cached.</summary>
    public static ReadOnlySpan<float> DctMatrixSingle(int n, int count) =>
        DctSingleCache.GetOrAdd((n, count), static key =>
        {
            ReadOnlySpan<double> d = DctMatrix(key.NMels, key.NMfcc);
            var f = new float[d.Length];
            for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
            return f;
        });

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
