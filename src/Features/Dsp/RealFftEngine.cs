using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// The power spectrum |X[k]|^2 (k = 0..n/2) of windowed real frames of a power-of-two size n, in double precision:
/// the tempogram's autocorrelations, and the STFT where <see cref="FloatFramePowerEngine"/> is not available. It is
/// the same transform as <see cref="Fft.Rfft(ReadOnlySpan{double}, Span{Complex})"/> (the n/2-point complex transform
/// of z[j] = x[2j] + i x[2j+1], then the split into the real spectrum), with the per-frame passes fused: the windowed
/// samples are written straight to bit-reversed positions, the first two radix-2 stages run as one radix-4 pass, the
/// remaining stages two at a time (<see cref="FftStages{T}"/>), and the split writes power values instead of complex
/// bins.
/// Instances are immutable and cached per size, so they are thread-safe; callers pass their own scratch.
/// </summary>
internal sealed class RealFftEngine
{
    private static readonly ConcurrentDictionary<int, RealFftEngine> Cache = new();

    private readonly int _n;       // real size
    private readonly int _m;       // complex size n/2
    private readonly int[] _rev;   // bit reversal over log2(m) bits
    private readonly int[] _groupRev; // bit reversal over log2(m / 4) bits: the radix-4 group fed by quarter offset r
    private readonly FftStages<double> _stages;
    private readonly double[] _splitRe, _splitIm; // exp(-2 pi i k / n), k <= m/2

    private RealFftEngine(int n)
    {
        _n = n;
        _m = n / 2;
        int m = _m;
        int bits = BitOperations.Log2((uint)m);
        _rev = new int[m];
        for (int i = 0; i < m; i++) _rev[i] = BitReversal.Reverse(i, bits);
        _groupRev = new int[m / 4];
        for (int i = 0; i < m / 4; i++) _groupRev[i] = BitReversal.Reverse(i, bits - 2);
        _stages = new FftStages<double>(m);
        int count = m / 2 + 1;
        _splitRe = new double[count];
        _splitIm = new double[count];
        for (int k = 0; k < count; k++)
        {
            (double s, double c) = Math.SinCos(2.0 * Math.PI * k / n);
            _splitRe[k] = c;
            _splitIm[k] = -s;
        }
    }

    public int Size => _n;

    /// <summary>Whether <paramref name="n"/> has an engine (a power of two of at least 16).</summary>
    public static bool Supports(int n) => n >= 16 && BitOperations.IsPow2(n);

    public static RealFftEngine For(int n)
    {
        if (!Supports(n)) throw new ArgumentOutOfRangeException(nameof(n), n, "The engine handles powers of two from 16.");
        return Cache.GetOrAdd(n, static size => new RealFftEngine(size));
    }

    /// <summary>
    /// Power spectrum of one STFT frame of <paramref name="y"/>: samples [start, start + n) times
    /// <paramref name="window"/>, zero outside [0, y.Length). <paramref name="re"/> and <paramref name="im"/> are
    /// scratch of at least n/2 values, <paramref name="padded"/> scratch of n values (used for frames that reach past
    /// either end of the signal); <paramref name="power"/> receives n/2 + 1 values.
    /// </summary>
    public void FramePower(ReadOnlySpan<float> y, int start, ReadOnlySpan<double> window, Span<double> re, Span<double> im,
        Span<float> padded, Span<double> power)
    {
        int n = _n, m = _m;
        if (window.Length < n || re.Length < m || im.Length < m || power.Length < m + 1 || padded.Length < n)
            throw new ArgumentException("Buffers are too short for this transform size.");
        ReadOnlySpan<float> x = Stft.FrameSamples(y, start, n, padded);
        if (Avx2.IsSupported && m >= 16) LoadFirstPassVector(x, window, re, im);
        else LoadFirstPassScalar(x, window, re, im);
        _stages.RemainingStages(re[..m], im[..m]);
        SplitPower(re, im, power);
    }

    /// <summary>
    /// The real parts Re X[k], k = 0..n/2, of the real FFT of <paramref name="x"/> (n values); <paramref name="re"/>
    /// and <paramref name="im"/> are scratch of n/2 values. For a real even sequence these are its whole transform,
    /// which makes this the inverse transform of a power spectrum (an autocorrelation, times n).
    /// </summary>
    public void RealPart(ReadOnlySpan<double> x, Span<double> re, Span<double> im, Span<double> real)
    {
        int n = _n, m = _m;
        if (x.Length < n || re.Length < m || im.Length < m || real.Length < m + 1)
            throw new ArgumentException("Buffers are too short for this transform size.");
        if (Avx2.IsSupported && m >= 16) LoadFirstPassVector(x, re, im);
        else
        {
            int[] rev = _rev;
            for (int j = 0; j < m; j++)
            {
                int r = rev[j];
                re[r] = x[2 * j];
                im[r] = x[2 * j + 1];
            }
            FirstPass(re, im);
        }
        _stages.RemainingStages(re[..m], im[..m]);
        SplitReal(re, im, real);
    }

    /// <summary>Re X[k] and Re X[m - k] = Re E +- Re(W^k O), four k at a time as in <see cref="SplitPower"/>.</summary>
    private void SplitReal(Span<double> reSpan, Span<double> imSpan, Span<double> real)
    {
        int m = _m, quarter = m / 2;
        double z0r = reSpan[0], z0i = imSpan[0];
        real[0] = z0r + z0i;
        real[m] = z0r - z0i;
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        ref double cw = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref double sw = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        ref double o = ref MemoryMarshal.GetReference(real);
        var half = Vector256.Create(0.5);
        int k = 1;
        for (; 2 * k + 6 < m; k += 4)
        {
            Vector256<double> ar = Vector256.LoadUnsafe(ref re, (nuint)k), ai = Vector256.LoadUnsafe(ref im, (nuint)k);
            Vector256<double> br = Reverse(Vector256.LoadUnsafe(ref re, (nuint)(m - k - 3)));
            Vector256<double> bi = Reverse(Vector256.LoadUnsafe(ref im, (nuint)(m - k - 3)));
            Vector256<double> er = half * (ar + br);
            Vector256<double> or = half * (ai + bi), oi = -half * (ar - br);
            Vector256<double> tr = Vector256.LoadUnsafe(ref cw, (nuint)k) * or - Vector256.LoadUnsafe(ref sw, (nuint)k) * oi;
            (er + tr).StoreUnsafe(ref o, (nuint)k);
            Reverse(er - tr).StoreUnsafe(ref o, (nuint)(m - k - 3));
        }
        for (; k <= quarter; k++)
        {
            int j = m - k;
            double ar = reSpan[k], ai = imSpan[k], br = reSpan[j], bi = imSpan[j];
            double er = 0.5 * (ar + br);
            double or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
            double tr = _splitRe[k] * or - _splitIm[k] * oi;
            real[k] = er + tr;
            real[j] = er - tr;
        }
    }

    /// <summary>z[j] = x[2j] w[2j] + i x[2j+1] w[2j+1] into bit-reversed positions, then the stages of half-size 1 and 2.</summary>
    private void LoadFirstPassScalar(ReadOnlySpan<float> x, ReadOnlySpan<double> window, Span<double> reSpan, Span<double> imSpan)
    {
        int m = _m;
        int[] rev = _rev;
        for (int j = 0; j < m; j++)
        {
            int r = rev[j];
            reSpan[r] = x[2 * j] * window[2 * j];
            imSpan[r] = x[2 * j + 1] * window[2 * j + 1];
        }
        FirstPass(reSpan, imSpan);
    }

    /// <summary>The stages of half-size 1 and 2 together on bit-reversed data: twiddles 1 and -i only.</summary>
    private void FirstPass(Span<double> reSpan, Span<double> imSpan)
    {
        int m = _m;
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        for (int b = 0; b < m; b += 4)
        {
            ref double r = ref Unsafe.Add(ref re, b);
            ref double i = ref Unsafe.Add(ref im, b);
            double x0r = r, x0i = i;
            double x1r = Unsafe.Add(ref r, 1), x1i = Unsafe.Add(ref i, 1);
            double x2r = Unsafe.Add(ref r, 2), x2i = Unsafe.Add(ref i, 2);
            double x3r = Unsafe.Add(ref r, 3), x3i = Unsafe.Add(ref i, 3);
            double a0r = x0r + x1r, a0i = x0i + x1i, a1r = x0r - x1r, a1i = x0i - x1i;
            double a2r = x2r + x3r, a2i = x2i + x3i, a3r = x2r - x3r, a3i = x2i - x3i;
            r = a0r + a2r;
            i = a0i + a2i;
            Unsafe.Add(ref r, 2) = a0r - a2r;
            Unsafe.Add(ref i, 2) = a0i - a2i;
            Unsafe.Add(ref r, 1) = a1r + a3i;
            Unsafe.Add(ref i, 1) = a1i - a3r;
            Unsafe.Add(ref r, 3) = a1r - a3i;
            Unsafe.Add(ref i, 3) = a1i + a3r;
        }
    }

    /// <summary>
    /// The same as <see cref="LoadFirstPassScalar"/>, four radix-4 groups at a time. Group g = rev(r) (over log2(m/4)
    /// bits) takes z[r], z[r + m/2], z[r + m/4], z[r + 3m/4]; for four consecutive r those are contiguous samples, so they
    /// are loaded, windowed and split into real and imaginary lanes with a few shuffles (lanes end up in the order
    /// r, r+2, r+1, r+3), butterflied, transposed and stored as four contiguous groups.
    /// </summary>
    private void LoadFirstPassVector(ReadOnlySpan<float> x, ReadOnlySpan<double> window, Span<double> reSpan, Span<double> imSpan)
    {
        int m = _m, q = m / 4;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref double ws = ref MemoryMarshal.GetReference(window);
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        ref int groups = ref MemoryMarshal.GetArrayDataReference(_groupRev);
        for (int r = 0; r < q; r += 4)
        {
            Load(ref xs, ref ws, 2 * r, out Vector256<double> x0r, out Vector256<double> x0i);
            Load(ref xs, ref ws, 2 * (r + 2 * q), out Vector256<double> x1r, out Vector256<double> x1i);
            Load(ref xs, ref ws, 2 * (r + q), out Vector256<double> x2r, out Vector256<double> x2i);
            Load(ref xs, ref ws, 2 * (r + 3 * q), out Vector256<double> x3r, out Vector256<double> x3i);
            Vector256<double> a0r = x0r + x1r, a0i = x0i + x1i, a1r = x0r - x1r, a1i = x0i - x1i;
            Vector256<double> a2r = x2r + x3r, a2i = x2i + x3i, a3r = x2r - x3r, a3i = x2i - x3i;
            Vector256<double> o0r = a0r + a2r, o0i = a0i + a2i;
            Vector256<double> o2r = a0r - a2r, o2i = a0i - a2i;
            Vector256<double> o1r = a1r + a3i, o1i = a1i - a3r;
            Vector256<double> o3r = a1r - a3i, o3i = a1i + a3r;
            // Lane l holds group rev(r + {0, 2, 1, 3}[l]).
            int g0 = 4 * Unsafe.Add(ref groups, r), g1 = 4 * Unsafe.Add(ref groups, r + 2);
            int g2 = 4 * Unsafe.Add(ref groups, r + 1), g3 = 4 * Unsafe.Add(ref groups, r + 3);
            StoreTransposed(ref re, o0r, o1r, o2r, o3r, g0, g1, g2, g3);
            StoreTransposed(ref im, o0i, o1i, o2i, o3i, g0, g1, g2, g3);
        }
    }

    /// <summary><see cref="LoadFirstPassVector(ReadOnlySpan{float}, ReadOnlySpan{double}, Span{double}, Span{double})"/> for double input without a window.</summary>
    private void LoadFirstPassVector(ReadOnlySpan<double> x, Span<double> reSpan, Span<double> imSpan)
    {
        int m = _m, q = m / 4;
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        ref int groups = ref MemoryMarshal.GetArrayDataReference(_groupRev);
        for (int r = 0; r < q; r += 4)
        {
            Load(ref xs, 2 * r, out Vector256<double> x0r, out Vector256<double> x0i);
            Load(ref xs, 2 * (r + 2 * q), out Vector256<double> x1r, out Vector256<double> x1i);
            Load(ref xs, 2 * (r + q), out Vector256<double> x2r, out Vector256<double> x2i);
            Load(ref xs, 2 * (r + 3 * q), out Vector256<double> x3r, out Vector256<double> x3i);
            Vector256<double> a0r = x0r + x1r, a0i = x0i + x1i, a1r = x0r - x1r, a1i = x0i - x1i;
            Vector256<double> a2r = x2r + x3r, a2i = x2i + x3i, a3r = x2r - x3r, a3i = x2i - x3i;
            int g0 = 4 * Unsafe.Add(ref groups, r), g1 = 4 * Unsafe.Add(ref groups, r + 2);
            int g2 = 4 * Unsafe.Add(ref groups, r + 1), g3 = 4 * Unsafe.Add(ref groups, r + 3);
            StoreTransposed(ref re, a0r + a2r, a1r + a3i, a0r - a2r, a1r - a3i, g0, g1, g2, g3);
            StoreTransposed(ref im, a0i + a2i, a1i - a3r, a0i - a2i, a1i + a3r, g0, g1, g2, g3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(ref double xs, int offset, out Vector256<double> real, out Vector256<double> imaginary)
    {
        Vector256<double> lo = Vector256.LoadUnsafe(ref xs, (nuint)offset), hi = Vector256.LoadUnsafe(ref xs, (nuint)(offset + 4));
        real = Avx.UnpackLow(lo, hi);
        imaginary = Avx.UnpackHigh(lo, hi);
    }

    /// <summary>Samples [offset, offset + 8) times the window, as real lanes (even samples) and imaginary lanes (odd samples).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(ref float xs, ref double ws, int offset, out Vector256<double> real, out Vector256<double> imaginary)
    {
        Vector256<float> v = Vector256.LoadUnsafe(ref xs, (nuint)offset);
        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(v);
        lo *= Vector256.LoadUnsafe(ref ws, (nuint)offset);
        hi *= Vector256.LoadUnsafe(ref ws, (nuint)(offset + 4));
        real = Avx.UnpackLow(lo, hi);       // x0 x4 x2 x6
        imaginary = Avx.UnpackHigh(lo, hi); // x1 x5 x3 x7
    }

    /// <summary>Writes lane l of (c0, c1, c2, c3) as the four contiguous values at offset g_l.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTransposed(ref double target, Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3,
        int g0, int g1, int g2, int g3)
    {
        Vector256<double> t0 = Avx.UnpackLow(c0, c1), t1 = Avx.UnpackHigh(c0, c1);
        Vector256<double> t2 = Avx.UnpackLow(c2, c3), t3 = Avx.UnpackHigh(c2, c3);
        Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref target, (nuint)g0);
        Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref target, (nuint)g1);
        Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref target, (nuint)g2);
        Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref target, (nuint)g3);
    }

    /// <summary>
    /// |X[k]|^2 and |X[m - k]|^2 from Z: X[k] = E + W^k O, X[m - k] = conj(E - W^k O), E = (Z[k] + conj Z[m - k]) / 2,
    /// O = (Z[k] - conj Z[m - k]) / 2i, W = exp(-2 pi i / n); four k at a time with the mirrored values lane-reversed.
    /// </summary>
    private void SplitPower(Span<double> reSpan, Span<double> imSpan, Span<double> power)
    {
        int m = _m, quarter = m / 2;
        double z0r = reSpan[0], z0i = imSpan[0];
        power[0] = (z0r + z0i) * (z0r + z0i);
        power[m] = (z0r - z0i) * (z0r - z0i);
        ref double re = ref MemoryMarshal.GetReference(reSpan);
        ref double im = ref MemoryMarshal.GetReference(imSpan);
        ref double cw = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref double sw = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        ref double p = ref MemoryMarshal.GetReference(power);
        var half = Vector256.Create(0.5);
        int k = 1;
        // Lanes k..k+3 and their mirrors m-k-3..m-k, while k + 3 < m - (k + 3) keeps the two sets apart.
        for (; 2 * k + 6 < m; k += 4)
        {
            Vector256<double> ar = Vector256.LoadUnsafe(ref re, (nuint)k), ai = Vector256.LoadUnsafe(ref im, (nuint)k);
            // Z[m - k - j] for j = 0..3, loaded from m - k - 3 and reversed.
            Vector256<double> br = Reverse(Vector256.LoadUnsafe(ref re, (nuint)(m - k - 3)));
            Vector256<double> bi = Reverse(Vector256.LoadUnsafe(ref im, (nuint)(m - k - 3)));
            Vector256<double> er = half * (ar + br), ei = half * (ai - bi);
            Vector256<double> or = half * (ai + bi), oi = -half * (ar - br);
            Vector256<double> wr = Vector256.LoadUnsafe(ref cw, (nuint)k), wi = Vector256.LoadUnsafe(ref sw, (nuint)k);
            Vector256<double> tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            Vector256<double> xr = er + tr, xi = ei + ti, yr = er - tr, yi = ei - ti;
            (xr * xr + xi * xi).StoreUnsafe(ref p, (nuint)k);
            Reverse(yr * yr + yi * yi).StoreUnsafe(ref p, (nuint)(m - k - 3));
        }
        for (; k <= quarter; k++)
        {
            int j = m - k;
            double ar = reSpan[k], ai = imSpan[k], br = reSpan[j], bi = imSpan[j];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
            double or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
            double wr = _splitRe[k], wi = _splitIm[k];
            double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            double xr = er + tr, xi = ei + ti;
            power[k] = xr * xr + xi * xi;
            if (j != k)
            {
                double yr = er - tr, yi = ei - ti;
                power[j] = yr * yr + yi * yi;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reverse(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(3L, 2, 1, 0));
}
