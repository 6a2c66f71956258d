using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// The power spectrum |X[k]|^2 (k = 0..n/2) of Hann-windowed real STFT frames of a power-of-two size n, in float32,
/// optionally with the magnitude |X| and the frame's largest power in the same pass: the STFT's hot path. The algorithm is <see cref="RealFftEngine.FramePower"/>'s (an n/2-point complex transform of
/// z[j] = x[2j] + i x[2j+1] loaded in bit-reversed order with the first two stages fused, the rest two stages per pass
/// in <see cref="FftStages{T}"/>, then the split into the real spectrum) with twice the lanes per vector, which halves
/// its cost. librosa transforms in float64 and rounds to complex64; against that, float32 arithmetic moves each bin by
/// a few 1e-7 of the frame's largest bin, far inside the 1e-4 parity budget, and leaves the tuning estimate and tempo
/// of every reference clip unchanged (FeatureParityTests, GtzanEndToEndParityTests). Needs AVX2, FMA and n &gt;= 64
/// (<see cref="Supports"/>); otherwise callers use the double engine. Immutable and cached per size, so thread-safe.
/// </summary>
internal sealed class FloatFramePowerEngine
{
    private static readonly ConcurrentDictionary<int, FloatFramePowerEngine> Cache = new();
    private static readonly Vector256<int> Reversal = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);

    private readonly int _n;         // real size
    private readonly int _m;         // complex size n/2
    private readonly int[] _groupRev; // bit reversal over log2(m / 4) bits: the radix-4 group fed by quarter offset r
    private readonly float[] _window; // periodic Hann of length n, rounded to float32
    private readonly FftStages<float> _stages;
    private readonly float[] _splitRe, _splitIm; // exp(-2 pi i k / n), k <= m/2

    private FloatFramePowerEngine(int n)
    {
        _n = n;
        _m = n / 2;
        int quarterBits = BitOperations.Log2((uint)(_m / 4));
        _groupRev = new int[_m / 4];
        for (int i = 0; i < _groupRev.Length; i++) _groupRev[i] = BitReversal.Reverse(i, quarterBits);
        ReadOnlySpan<double> window = Windows.PeriodicHann(n);
        _window = new float[n];
        for (int i = 0; i < n; i++) _window[i] = (float)window[i];
        _stages = new FftStages<float>(_m);
        int count = _m / 2 + 1;
        _splitRe = new float[count];
        _splitIm = new float[count];
        for (int k = 0; k < count; k++)
        {
            (double s, double c) = Math.SinCos(2.0 * Math.PI * k / n);
            _splitRe[k] = (float)c;
            _splitIm[k] = (float)-s;
        }
    }

    /// <summary>Whether <paramref name="n"/> has an engine on this machine (AVX2 and FMA, a power of two of at least 64).</summary>
    public static bool Supports(int n) => Avx2.IsSupported && Fma.IsSupported && n >= 64 && BitOperations.IsPow2(n);

    public static FloatFramePowerEngine For(int n)
    {
        if (!Supports(n)) throw new ArgumentOutOfRangeException(nameof(n), n, "The float engine needs AVX2, FMA and a power of two from 64.");
        return Cache.GetOrAdd(n, static size => new FloatFramePowerEngine(size));
    }

    /// <summary>
    /// |X|^2 of one Hann-windowed frame of <paramref name="y"/>: samples [start, start + n), zero outside
    /// [0, y.Length). <paramref name="re"/> and <paramref name="im"/> are scratch of at least n/2 values,
    /// <paramref name="padded"/> scratch of n values (for frames that reach past either end of the signal);
    /// <paramref name="power"/> receives n/2 + 1 values. Returns the largest.
    /// </summary>
    public float FramePower(ReadOnlySpan<float> y, int start, Span<float> re, Span<float> im, Span<float> padded, Span<float> power) =>
        FrameMagnitudeAndPower(y, start, re, im, padded, default, power);

    /// <summary>
    /// <see cref="FramePower"/> that also writes the magnitude |X| (n/2 + 1 values, unless <paramref name="magnitude"/>
    /// is empty) and stores |X|^2 rounded from it, librosa's np.abs(stft) ** 2. Returns the largest power.
    /// </summary>
    public float FrameMagnitudeAndPower(ReadOnlySpan<float> y, int start, Span<float> re, Span<float> im, Span<float> padded,
        Span<float> magnitude, Span<float> power)
    {
        int n = _n, m = _m;
        if (re.Length < m || im.Length < m || power.Length < m + 1 || padded.Length < n || (!magnitude.IsEmpty && magnitude.Length < m + 1))
            throw new ArgumentException("Buffers are too short for this transform size.");
        ReadOnlySpan<float> x = Stft.FrameSamples(y, start, n, padded);
        LoadFirstPass(x, re, im);
        _stages.RemainingStages(re[..m], im[..m]);
        return Split(re, im, power, magnitude);
    }

    /// <summary>
    /// z[j] = x[2j] w[2j] + i x[2j+1] w[2j+1] into bit-reversed positions with the stages of half-size 1 and 2 done,
    /// eight radix-4 groups at a time. Group g = rev(r) (over log2(m/4) bits) takes z[r], z[r + m/2], z[r + m/4],
    /// z[r + 3m/4] and writes 4g..4g+3. For eight consecutive r those are 16 contiguous samples, split into real and
    /// imaginary lanes by one shuffle each (lanes then hold r + 0, 1, 4, 5, 2, 3, 6, 7), butterflied, transposed and
    /// stored as eight groups of four.
    /// </summary>
    private void LoadFirstPass(ReadOnlySpan<float> x, Span<float> reSpan, Span<float> imSpan)
    {
        int q = _m / 4;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ws = ref MemoryMarshal.GetArrayDataReference(_window);
        ref float re = ref MemoryMarshal.GetReference(reSpan);
        ref float im = ref MemoryMarshal.GetReference(imSpan);
        ref int groups = ref MemoryMarshal.GetArrayDataReference(_groupRev);
        for (int r = 0; r < q; r += 8)
        {
            Load(ref xs, ref ws, 2 * r, out Vector256<float> x0r, out Vector256<float> x0i);
            Load(ref xs, ref ws, 2 * (r + 2 * q), out Vector256<float> x1r, out Vector256<float> x1i);
            Load(ref xs, ref ws, 2 * (r + q), out Vector256<float> x2r, out Vector256<float> x2i);
            Load(ref xs, ref ws, 2 * (r + 3 * q), out Vector256<float> x3r, out Vector256<float> x3i);
            Vector256<float> a0r = x0r + x1r, a0i = x0i + x1i, a1r = x0r - x1r, a1i = x0i - x1i;
            Vector256<float> a2r = x2r + x3r, a2i = x2i + x3i, a3r = x2r - x3r, a3i = x2i - x3i;
            ref int g = ref Unsafe.Add(ref groups, r);
            StoreTransposed(ref re, ref g, a0r + a2r, a1r + a3i, a0r - a2r, a1r - a3i);
            StoreTransposed(ref im, ref g, a0i + a2i, a1i - a3r, a0i - a2i, a1i + a3r);
        }
    }

    /// <summary>Samples [offset, offset + 16) times the window: even samples as real lanes, odd as imaginary (z offsets 0, 1, 4, 5, 2, 3, 6, 7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(ref float xs, ref float ws, int offset, out Vector256<float> real, out Vector256<float> imaginary)
    {
        Vector256<float> lo = Vector256.LoadUnsafe(ref xs, (nuint)offset) * Vector256.LoadUnsafe(ref ws, (nuint)offset);
        Vector256<float> hi = Vector256.LoadUnsafe(ref xs, (nuint)(offset + 8)) * Vector256.LoadUnsafe(ref ws, (nuint)(offset + 8));
        real = Avx.Shuffle(lo, hi, 0x88);      // x0 x2 x8 x10 | x4 x6 x12 x14
        imaginary = Avx.Shuffle(lo, hi, 0xDD); // x1 x3 x9 x11 | x5 x7 x13 x15
    }

    /// <summary>
    /// Writes lane l of (c0, c1, c2, c3) as the four contiguous values of group rev(r + offset(l)), offset(l) =
    /// 0, 1, 4, 5, 2, 3, 6, 7; <paramref name="groups"/> points at the group table entry of r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTransposed(ref float target, ref int groups, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3)
    {
        Vector256<float> t0 = Avx.UnpackLow(c0, c1), t1 = Avx.UnpackHigh(c0, c1);
        Vector256<float> t2 = Avx.UnpackLow(c2, c3), t3 = Avx.UnpackHigh(c2, c3);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44); // lanes 0 | 4: offsets 0 | 2
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE); // lanes 1 | 5: offsets 1 | 3
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44); // lanes 2 | 6: offsets 4 | 6
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE); // lanes 3 | 7: offsets 5 | 7
        u0.GetLower().StoreUnsafe(ref target, (nuint)(4 * groups));
        u0.GetUpper().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 2)));
        u1.GetLower().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 1)));
        u1.GetUpper().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 3)));
        u2.GetLower().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 4)));
        u2.GetUpper().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 6)));
        u3.GetLower().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 5)));
        u3.GetUpper().StoreUnsafe(ref target, (nuint)(4 * Unsafe.Add(ref groups, 7)));
    }

    /// <summary>
    /// |X[k]|^2 and |X[m - k]|^2 from Z: X[k] = E + W^k O, X[m - k] = conj(E - W^k O), E = (Z[k] + conj Z[m - k]) / 2,
    /// O = (Z[k] - conj Z[m - k]) / 2i, W = exp(-2 pi i / n); eight k at a time with the mirrored values lane-reversed.
    /// The halves are left out and the squares scaled by 1/4 instead (exact: powers of two). With
    /// <paramref name="magnitude"/> (not empty) it also writes |X| and replaces each power by |X|^2 in float32, as
    /// librosa squares its magnitude spectrogram. Returns the largest power.
    /// </summary>
    private float Split(Span<float> reSpan, Span<float> imSpan, Span<float> power, Span<float> magnitude)
    {
        int m = _m, quarter = m / 2;
        bool withMagnitude = !magnitude.IsEmpty;
        float z0r = reSpan[0], z0i = imSpan[0];
        Store(power, magnitude, 0, (z0r + z0i) * (z0r + z0i));
        Store(power, magnitude, m, (z0r - z0i) * (z0r - z0i));
        float max = MathF.Max(power[0], power[m]);
        ref float re = ref MemoryMarshal.GetReference(reSpan);
        ref float im = ref MemoryMarshal.GetReference(imSpan);
        ref float cw = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref float sw = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        ref float p = ref MemoryMarshal.GetReference(power);
        ref float mag = ref MemoryMarshal.GetReference(magnitude);
        var quarterScale = Vector256.Create(0.25f);
        Vector256<float> largest = Vector256<float>.Zero;
        int k = 1;
        // Lanes k..k+7 and their mirrors m-k-7..m-k, while k + 7 < m - (k + 7) keeps the two sets apart.
        for (; 2 * k + 14 < m; k += 8)
        {
            Vector256<float> ar = Vector256.LoadUnsafe(ref re, (nuint)k), ai = Vector256.LoadUnsafe(ref im, (nuint)k);
            Vector256<float> br = Reverse(Vector256.LoadUnsafe(ref re, (nuint)(m - k - 7)));
            Vector256<float> bi = Reverse(Vector256.LoadUnsafe(ref im, (nuint)(m - k - 7)));
            Vector256<float> er = ar + br, ei = ai - bi; // 2E
            Vector256<float> or = ai + bi, oi = br - ar; // 2O
            Vector256<float> wr = Vector256.LoadUnsafe(ref cw, (nuint)k), wi = Vector256.LoadUnsafe(ref sw, (nuint)k);
            Vector256<float> tr = Vector256.FusedMultiplyAdd(wr, or, -(wi * oi)), ti = Vector256.FusedMultiplyAdd(wr, oi, wi * or);
            Vector256<float> xr = er + tr, xi = ei + ti, yr = er - tr, yi = ei - ti;
            Vector256<float> px = Vector256.FusedMultiplyAdd(xr, xr, xi * xi) * quarterScale;
            Vector256<float> py = Reverse(Vector256.FusedMultiplyAdd(yr, yr, yi * yi) * quarterScale);
            if (withMagnitude)
            {
                Vector256<float> mx = Vector256.Sqrt(px), my = Vector256.Sqrt(py);
                mx.StoreUnsafe(ref mag, (nuint)k);
                my.StoreUnsafe(ref mag, (nuint)(m - k - 7));
                px = mx * mx;
                py = my * my;
            }
            px.StoreUnsafe(ref p, (nuint)k);
            py.StoreUnsafe(ref p, (nuint)(m - k - 7));
            largest = Vector256.MaxNative(largest, Vector256.MaxNative(px, py)); // finite values: the plain vmaxps, no NaN fix-ups
        }
        for (; k <= quarter; k++)
        {
            int j = m - k;
            float ar = reSpan[k], ai = imSpan[k], br = reSpan[j], bi = imSpan[j];
            float er = ar + br, ei = ai - bi;
            float or = ai + bi, oi = br - ar;
            float wr = _splitRe[k], wi = _splitIm[k];
            float tr = MathF.FusedMultiplyAdd(wr, or, -(wi * oi)), ti = MathF.FusedMultiplyAdd(wr, oi, wi * or);
            float xr = er + tr, xi = ei + ti;
            max = MathF.Max(max, Store(power, magnitude, k, 0.25f * MathF.FusedMultiplyAdd(xr, xr, xi * xi)));
            if (j != k)
            {
                float yr = er - tr, yi = ei - ti;
                max = MathF.Max(max, Store(power, magnitude, j, 0.25f * MathF.FusedMultiplyAdd(yr, yr, yi * yi)));
            }
        }
        for (int lane = 0; lane < Vector256<float>.Count; lane++) max = MathF.Max(max, largest[lane]);
        return max;
    }

    /// <summary>Stores bin k's power (and, with a magnitude span, its magnitude and the squared magnitude); returns the stored power.</summary>
    private static float Store(Span<float> power, Span<float> magnitude, int k, float p)
    {
        if (!magnitude.IsEmpty)
        {
            float root = MathF.Sqrt(p);
            magnitude[k] = root;
            p = root * root;
        }
        power[k] = p;
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reverse(Vector256<float> v) => Avx2.PermuteVar8x32(v, Reversal);
}
