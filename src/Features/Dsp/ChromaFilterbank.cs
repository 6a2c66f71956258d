using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.filters.chroma(sr, n_fft, n_chroma, tuning, ctroct, octwidth, norm, base_c, dtype=float32): Gaussian bumps
/// around each chroma bin, in octaves relative to A440 shifted by <c>tuning</c> bins, each FFT bin's column normalised
/// (norm, default L2), weighted by a Gaussian in octaves centred on ctroct with half-width octwidth, rows rotated to
/// start at C (base_c), the first 1 + n_fft/2 columns kept. Computed in float64 and stored as float32 as librosa.
/// Instances are immutable and cached per parameter set.
/// </summary>
public sealed class ChromaFilterbank
{
    private static readonly ConcurrentDictionary<(int, int, int, double, double, double, double, bool), ChromaFilterbank> Cache = new();

    private readonly float[] _weights; // NChroma x Bins, row-major

    private ChromaFilterbank(int sr, int nFft, int nChroma, double tuning, double ctroct, double? octwidth, double? norm, bool baseC)
    {
        SampleRate = sr;
        NFft = nFft;
        NChroma = nChroma;
        Tuning = tuning;
        int bins = Bins;
        // frequencies = linspace(0, sr, n_fft, endpoint=False)[1:]; frqbins = n_chroma * hz_to_octs(f, tuning, n_chroma)
        double a440 = 440.0 * Math.Pow(2.0, tuning / nChroma);
        double step = (double)sr / nFft;
        var frqbins = new double[nFft];
        for (int k = 1; k < nFft; k++) frqbins[k] = nChroma * Math.Log2(k * step / (a440 / 16));
        frqbins[0] = frqbins[1] - 1.5 * nChroma; // 0 Hz: 1.5 octaves below bin 1
        var binWidth = new double[nFft];
        for (int k = 0; k < nFft - 1; k++) binWidth[k] = Math.Max(frqbins[k + 1] - frqbins[k], 1.0);
        binWidth[nFft - 1] = 1.0;
        double half = Math.Round(nChroma / 2.0, MidpointRounding.ToEven); // np.round
        var wts = new double[nChroma * nFft];
        for (int k = 0; k < nFft; k++)
        {
            for (int c = 0; c < nChroma; c++)
            {
                double d = PythonRemainder(frqbins[k] - c + half + 10 * nChroma, nChroma) - half;
                double z = 2 * d / binWidth[k];
                wts[c * nFft + k] = Math.Exp(-0.5 * (z * z));
            }
        }
        // util.normalize(wts, norm, axis=0): each column divided by its norm unless the norm is below float64's tiny.
        if (norm is { } p)
        {
            for (int k = 0; k < nFft; k++)
            {
                double length = 0;
                if (double.IsPositiveInfinity(p))
                    for (int c = 0; c < nChroma; c++) length = Math.Max(length, Math.Abs(wts[c * nFft + k]));
                else
                {
                    for (int c = 0; c < nChroma; c++)
                    {
                        double m = Math.Abs(wts[c * nFft + k]);
                        length += p == 2.0 ? m * m : Math.Pow(m, p);
                    }
                    length = p == 2.0 ? Math.Sqrt(length) : Math.Pow(length, 1.0 / p);
                }
                if (length < 2.2250738585072014e-308) length = 1.0;
                for (int c = 0; c < nChroma; c++) wts[c * nFft + k] /= length;
            }
        }
        if (octwidth is { } width)
        {
            for (int k = 0; k < nFft; k++)
            {
                double z = (frqbins[k] / nChroma - ctroct) / width;
                double scale = Math.Exp(-0.5 * (z * z));
                for (int c = 0; c < nChroma; c++) wts[c * nFft + k] *= scale;
            }
        }
        int roll = baseC ? 3 * (nChroma / 12) : 0; // np.roll(wts, -roll, axis=0): new row c = old row c + roll
        _weights = new float[nChroma * bins];
        for (int c = 0; c < nChroma; c++)
        {
            int source = ((c + roll) % nChroma + nChroma) % nChroma;
            for (int k = 0; k < bins; k++) _weights[c * bins + k] = (float)wts[source * nFft + k];
        }
    }

    public int SampleRate { get; }
    public int NFft { get; }
    public int NChroma { get; }
    public double Tuning { get; }

    /// <summary>Number of STFT bins each chroma filter spans, 1 + n_fft/2.</summary>
    public int Bins => NFft / 2 + 1;

    /// <summary>The cached filterbank for these parameters (librosa defaults: 12 bins, tuning 0, ctroct 5, octwidth 2, L2 norm, base C).</summary>
    public static ChromaFilterbank Create(int sr, int nFft = 2048, int nChroma = 12, double tuning = 0.0, double ctroct = 5.0,
        double? octwidth = 2.0, double? norm = 2.0, bool baseC = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sr);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nChroma);
        if (!double.IsFinite(tuning)) throw new ArgumentOutOfRangeException(nameof(tuning), tuning, "tuning must be finite.");
        if (octwidth is { } w && !(w > 0)) throw new ArgumentOutOfRangeException(nameof(octwidth), w, "octwidth must be positive.");
        if (norm is { } n && !(n > 0)) throw new ArgumentOutOfRangeException(nameof(norm), n, "norm must be positive (or infinity).");
        return Cache.GetOrAdd((sr, nFft, nChroma, tuning, ctroct, octwidth ?? double.NaN, norm ?? double.NaN, baseC),
            static key => new ChromaFilterbank(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5,
                double.IsNaN(key.Item6) ? null : key.Item6, double.IsNaN(key.Item7) ? null : key.Item7, key.Item8));
    }

    /// <summary>The weights of one chroma bin over all 1 + n_fft/2 STFT bins.</summary>
    public ReadOnlySpan<float> Band(int chroma) => _weights.AsSpan(chroma * Bins, Bins);

    /// <summary>A copy of the weights as an n_chroma x (1 + n_fft/2) matrix (librosa's layout).</summary>
    public FeatureMatrix ToMatrix() => new(NChroma, Bins, (float[])_weights.Clone());

    /// <summary>One frame: chroma[c] = sum_k weights[c, k] spectrum[k] (float32, as librosa's einsum).</summary>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> chroma)
    {
        if (spectrum.Length != Bins) throw new ArgumentException($"The spectrum has {spectrum.Length} bins, expected {Bins}.", nameof(spectrum));
        if (chroma.Length < NChroma) throw new ArgumentException($"The destination holds {chroma.Length} values, expected {NChroma}.", nameof(chroma));
        if (NChroma == 12 && Vector256.IsHardwareAccelerated)
        {
            Apply12(spectrum, chroma);
            return;
        }
        ReadOnlySpan<float> weights = _weights;
        for (int c = 0; c < NChroma; c++)
            chroma[c] = TensorPrimitives.Dot(weights.Slice(c * Bins, Bins), spectrum);
    }

    /// <summary>Twelve rows in one sweep over the spectrum: each spectrum vector is loaded once for all rows.</summary>
    private void Apply12(ReadOnlySpan<float> spectrum, Span<float> chroma)
    {
        int bins = Bins, k = 0;
        ref float x = ref MemoryMarshal.GetReference(spectrum);
        ref float w = ref MemoryMarshal.GetArrayDataReference(_weights);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector256<float> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        for (; k + 8 <= bins; k += 8)
        {
            Vector256<float> v = Vector256.LoadUnsafe(ref x, (nuint)k);
            nuint i = (nuint)k, b = (nuint)bins;
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i), v, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + b), v, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 2 * b), v, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 3 * b), v, a3);
            a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 4 * b), v, a4);
            a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 5 * b), v, a5);
            a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 6 * b), v, a6);
            a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 7 * b), v, a7);
            a8 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 8 * b), v, a8);
            a9 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 9 * b), v, a9);
            a10 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 10 * b), v, a10);
            a11 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i + 11 * b), v, a11);
        }
        chroma[0] = Vector256.Sum(a0);
        chroma[1] = Vector256.Sum(a1);
        chroma[2] = Vector256.Sum(a2);
        chroma[3] = Vector256.Sum(a3);
        chroma[4] = Vector256.Sum(a4);
        chroma[5] = Vector256.Sum(a5);
        chroma[6] = Vector256.Sum(a6);
        chroma[7] = Vector256.Sum(a7);
        chroma[8] = Vector256.Sum(a8);
        chroma[9] = Vector256.Sum(a9);
        chroma[10] = Vector256.Sum(a10);
        chroma[11] = Vector256.Sum(a11);
        for (; k < bins; k++)
            for (int c = 0; c < 12; c++) chroma[c] += Unsafe.Add(ref w, c * bins + k) * spectrum[k];
    }

    /// <summary>
    /// Consecutive frames at once: <paramref name="spectra"/> holds whole frames of 1 + n_fft/2 values one after another
    /// (frame-major), <paramref name="chroma"/> receives n_chroma values per frame in the same order. Four frames share
    /// each weight load, which quarters the weight traffic (the 12 x 1025 filterbank does not fit in L1).
    /// </summary>
    public void ApplyFrames(ReadOnlySpan<float> spectra, Span<float> chroma) => ApplyFrames(spectra, Bins, chroma);

    /// <summary>
    /// <see cref="ApplyFrames(ReadOnlySpan{float}, Span{float})"/> for frames <paramref name="stride"/> values apart
    /// (a stride above 1 + n_fft/2 pads rows to keep them aligned); the last frame needs only its bins.
    /// </summary>
    internal void ApplyFrames(ReadOnlySpan<float> spectra, int stride, Span<float> chroma)
    {
        int bins = Bins, count = StridedFrames.Count(spectra.Length, bins, stride);
        if (chroma.Length < count * NChroma) throw new ArgumentException($"The destination holds {chroma.Length} values, expected {count * NChroma}.", nameof(chroma));
        int t = 0;
        if (NChroma % 3 == 0 && Avx.IsSupported && Fma.IsSupported)
            for (; t + 4 <= count; t += 4) ApplyFour(spectra.Slice(t * stride, 3 * stride + bins), stride, chroma.Slice(t * NChroma, 4 * NChroma));
        for (; t < count; t++) Apply(spectra.Slice(t * stride, bins), chroma.Slice(t * NChroma, NChroma));
    }

    private void ApplyFour(ReadOnlySpan<float> spectra, int stride, Span<float> chroma)
    {
        int bins = Bins, nChroma = NChroma, vectorEnd = bins - bins % 8;
        ref float x0 = ref MemoryMarshal.GetReference(spectra);
        ref float x1 = ref Unsafe.Add(ref x0, stride), x2 = ref Unsafe.Add(ref x0, 2 * stride), x3 = ref Unsafe.Add(ref x0, 3 * stride);
        nuint weightRow = (nuint)bins;
        for (int row = 0; row < nChroma; row += 3)
        {
            ref float w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_weights), row * bins);
            Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default;
            for (nuint k = 0; k < (nuint)vectorEnd; k += 8)
            {
                Vector256<float> s0 = Vector256.LoadUnsafe(ref x0, k), s1 = Vector256.LoadUnsafe(ref x1, k);
                Vector256<float> s2 = Vector256.LoadUnsafe(ref x2, k), s3 = Vector256.LoadUnsafe(ref x3, k);
                Vector256<float> w0 = Vector256.LoadUnsafe(ref w, k);
                a00 = Fma.MultiplyAdd(w0, s0, a00);
                a01 = Fma.MultiplyAdd(w0, s1, a01);
                a02 = Fma.MultiplyAdd(w0, s2, a02);
                a03 = Fma.MultiplyAdd(w0, s3, a03);
                Vector256<float> w1 = Vector256.LoadUnsafe(ref w, k + weightRow);
                a10 = Fma.MultiplyAdd(w1, s0, a10);
                a11 = Fma.MultiplyAdd(w1, s1, a11);
                a12 = Fma.MultiplyAdd(w1, s2, a12);
                a13 = Fma.MultiplyAdd(w1, s3, a13);
                Vector256<float> w2 = Vector256.LoadUnsafe(ref w, k + 2 * weightRow);
                a20 = Fma.MultiplyAdd(w2, s0, a20);
                a21 = Fma.MultiplyAdd(w2, s1, a21);
                a22 = Fma.MultiplyAdd(w2, s2, a22);
                a23 = Fma.MultiplyAdd(w2, s3, a23);
            }
            StoreRow(chroma, row, nChroma, ref w, vectorEnd, bins, ref x0, ref x1, ref x2, ref x3, a00, a01, a02, a03);
            StoreRow(chroma, row + 1, nChroma, ref Unsafe.Add(ref w, bins), vectorEnd, bins, ref x0, ref x1, ref x2, ref x3, a10, a11, a12, a13);
            StoreRow(chroma, row + 2, nChroma, ref Unsafe.Add(ref w, 2 * bins), vectorEnd, bins, ref x0, ref x1, ref x2, ref x3, a20, a21, a22, a23);
        }
    }

    /// <summary>One row's four frame sums (lane sums plus the bins past the last whole vector) into the frame-major output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Span<float> chroma, int row, int nChroma, ref float w, int vectorEnd, int bins,
        ref float x0, ref float x1, ref float x2, ref float x3,
        Vector256<float> f0, Vector256<float> f1, Vector256<float> f2, Vector256<float> f3)
    {
        Vector256<float> h = Avx.HorizontalAdd(Avx.HorizontalAdd(f0, f1), Avx.HorizontalAdd(f2, f3));
        Vector128<float> sums = h.GetLower() + h.GetUpper(); // (frame 0, 1, 2, 3)
        for (int k = vectorEnd; k < bins; k++)
        {
            float weight = Unsafe.Add(ref w, k);
            sums += Vector128.Create(Unsafe.Add(ref x0, k), Unsafe.Add(ref x1, k), Unsafe.Add(ref x2, k), Unsafe.Add(ref x3, k)) * weight;
        }
        chroma[row] = sums[0];
        chroma[nChroma + row] = sums[1];
        chroma[2 * nChroma + row] = sums[2];
        chroma[3 * nChroma + row] = sums[3];
    }

    /// <summary>numpy.remainder for floats: the result has the sign of the divisor.</summary>
    private static double PythonRemainder(double x, double divisor)
    {
        double r = x % divisor; // C fmod
        if (r != 0 && (r < 0) != (divisor < 0)) r += divisor;
        return r;
    }
}
