namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Harmonic-percussive source separation by median filtering (Fitzgerald 2010), as librosa.decompose.hpss
/// and librosa.effects.hpss with their defaults: kernel_size 31 in both directions, power 2, margin 1, soft masks.
/// </summary>
public static class Hpss
{
    private const float Tiny = 1.17549435e-38f; // numpy.finfo(float32).tiny

    /// <summary>
    /// librosa.decompose.hpss(S, mask=True): the soft masks (harmonic, percussive) of a magnitude spectrogram
    /// (bins x frames). The harmonic enhanced spectrogram is the median over <paramref name="kernelSize"/> frames,
    /// the percussive one the median over <paramref name="kernelSize"/> bins (scipy 'reflect' edges); the masks are
    /// librosa.util.softmask(H, P * margin, power) and softmask(P, H * margin, power).
    /// </summary>
    public static (FeatureMatrix Harmonic, FeatureMatrix Percussive) Masks(FeatureMatrix magnitude, int kernelSize = 31, double power = 2.0, double margin = 1.0)
    {
        ArgumentNullException.ThrowIfNull(magnitude);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        if (!(margin >= 1)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "margins must be >= 1.0 (librosa).");
        if (!(power > 0)) throw new ArgumentOutOfRangeException(nameof(power), power, "power must be strictly positive.");
        var harmonic = new FeatureMatrix(magnitude.Rows, magnitude.Columns);
        var percussive = new FeatureMatrix(magnitude.Rows, magnitude.Columns);
        MedianFilter.AlongRows(magnitude, harmonic, kernelSize);
        MedianFilter.AlongColumns(magnitude, percussive, kernelSize);
        bool splitZeros = margin == 1.0;
        float[] h = harmonic.Data, p = percussive.Data;
        for (int i = 0; i < h.Length; i++)
        {
            float hv = h[i], pv = p[i];
            h[i] = SoftMask(hv, (float)(pv * margin), power, splitZeros);
            p[i] = SoftMask(pv, (float)(hv * margin), power, splitZeros);
        }
        return (harmonic, percussive);
    }

    /// <summary>librosa.decompose.hpss(D) of a complex STFT: (D x harmonic mask, D x percussive mask).</summary>
    public static (ComplexMatrix Harmonic, ComplexMatrix Percussive) Decompose(ComplexMatrix stft, int kernelSize = 31, double power = 2.0, double margin = 1.0)
    {
        ArgumentNullException.ThrowIfNull(stft);
        (FeatureMatrix maskH, FeatureMatrix maskP) = Masks(stft.Magnitude(), kernelSize, power, margin);
        var harmonic = new ComplexMatrix(stft.Rows, stft.Columns);
        var percussive = new ComplexMatrix(stft.Rows, stft.Columns);
        for (int i = 0; i < stft.Real.Length; i++)
        {
            float re = stft.Real[i], im = stft.Imaginary[i];
            harmonic.Real[i] = re * maskH.Data[i];
            harmonic.Imaginary[i] = im * maskH.Data[i];
            percussive.Real[i] = re * maskP.Data[i];
            percussive.Imaginary[i] = im * maskP.Data[i];
        }
        return (harmonic, percussive);
    }

    /// <summary>
    /// librosa.effects.hpss(y): the harmonic and the percussive signal, each the inverse STFT (same length as
    /// <paramref name="y"/>) of the masked STFT of <paramref name="y"/>.
    /// </summary>
    public static (float[] Harmonic, float[] Percussive) Separate(ReadOnlySpan<float> y, StftOptions? options = null, int kernelSize = 31, double power = 2.0, double margin = 1.0)
    {
        options ??= StftOptions.Default;
        return Separate(Stft.Forward(y, options), y.Length, options, kernelSize, power, margin);
    }

    /// <summary>librosa.effects.hpss from an STFT already computed with <paramref name="options"/>, for a signal of <paramref name="length"/> samples.</summary>
    public static (float[] Harmonic, float[] Percussive) Separate(ComplexMatrix stft, int length, StftOptions? options = null, int kernelSize = 31, double power = 2.0, double margin = 1.0)
    {
        options ??= StftOptions.Default;
        (ComplexMatrix harmonic, ComplexMatrix percussive) = Decompose(stft, kernelSize, power, margin);
        return (InverseStft.Compute(harmonic, length, options), InverseStft.Compute(percussive, length, options));
    }

    /// <summary>librosa.util.softmask for one element, in float32 as librosa computes it.</summary>
    internal static float SoftMask(float x, float reference, double power, bool splitZeros)
    {
        if (double.IsPositiveInfinity(power)) return x > reference ? 1f : 0f; // librosa: the hard mask X > X_ref
        float z = Math.Max(x, reference);
        if (z < Tiny) return splitZeros ? 0.5f : 0f;
        float mask, refMask;
        if (power == 2.0)
        {
            float a = x / z, b = reference / z;
            mask = a * a;
            refMask = b * b;
        }
        else
        {
            mask = (float)Math.Pow(x / z, power);
            refMask = (float)Math.Pow(reference / z, power);
        }
        return mask / (mask + refMask);
    }
}
