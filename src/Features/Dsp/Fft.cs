using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Discrete Fourier transforms in double precision, numpy.fft sign convention
/// (X[k] = sum_n x[n] exp(-2 pi i k n / N), no scaling on the forward transform).
/// Powers of two use an iterative radix-2 transform on split real/imaginary arrays with SIMD butterflies;
/// a real transform of even size n runs as one complex transform of size n/2. Other sizes use Bluestein's
/// algorithm (exact up to rounding, O(n log n)). Plans (twiddles, bit reversal, chirps) are built once per
/// size and cached; they are immutable, so every function here is thread-safe. Working memory comes from
/// ArrayPool, so repeated calls do not allocate.
/// </summary>
public static class Fft
{
    private static readonly ConcurrentDictionary<int, ComplexPlan> ComplexPlans = new();
    private static readonly ConcurrentDictionary<int, RealPlan> RealPlans = new();

    /// <summary>Number of non-negative-frequency bins of a real transform of size <paramref name="n"/>: 1 + n/2.</summary>
    public static int RfftLength(int n) => n / 2 + 1;

    /// <summary>numpy.fft.rfft: the 1 + n/2 non-negative-frequency bins of the real input <paramref name="x"/> (n = x.Length).</summary>
    public static Complex[] Rfft(ReadOnlySpan<double> x)
    {
        var spectrum = new Complex[RfftLength(x.Length)];
        Rfft(x, spectrum);
        return spectrum;
    }

    /// <summary>numpy.fft.rfft into <paramref name="spectrum"/>, which must hold at least 1 + x.Length/2 values.</summary>
    public static void Rfft(ReadOnlySpan<double> x, Span<Complex> spectrum)
    {
        if (x.Length == 0)
            throw new ArgumentException("The FFT size must be at least 1.", nameof(x));
        int bins = RfftLength(x.Length);
        if (spectrum.Length < bins)
            throw new ArgumentException($"The spectrum holds {spectrum.Length} values; a real FFT of size {x.Length} needs {bins}.", nameof(spectrum));
        RealPlans.GetOrAdd(x.Length, static n => new RealPlan(n)).Execute(x, spectrum[..bins]);
    }

    /// <summary>In-place forward complex DFT of any length (numpy.fft.fft).</summary>
    public static void Forward(Span<Complex> data)
    {
        int n = data.Length;
        if (n <= 1) return;
        double[] re = ArrayPool<double>.Shared.Rent(n), im = ArrayPool<double>.Shared.Rent(n);
        try
        {
            Span<double> r = re.AsSpan(0, n), i = im.AsSpan(0, n);
            for (int k = 0; k < n; k++)
            {
                r[k] = data[k].Real;
                i[k] = data[k].Imaginary;
            }
            GetComplexPlan(n).Forward(r, i);
            for (int k = 0; k < n; k++) data[k] = new Complex(r[k], i[k]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(re);
            ArrayPool<double>.Shared.Return(im);
        }
    }

    /// <summary>In-place inverse complex DFT of any length, scaled by 1/n (numpy.fft.ifft).</summary>
    public static void Inverse(Span<Complex> data)
    {
        if (data.Length == 0) return;
        for (int k = 0; k < data.Length; k++) data[k] = Complex.Conjugate(data[k]);
        Forward(data);
        double scale = 1.0 / data.Length;
        for (int k = 0; k < data.Length; k++) data[k] = new Complex(data[k].Real * scale, -data[k].Imaginary * scale);
    }

    /// <summary>
    /// numpy.fft.irfft(spectrum, n) with n = <paramref name="output"/>.Length: the real signal whose real FFT is
    /// the first 1 + n/2 values of <paramref name="spectrum"/>, scaled by 1/n. As numpy (pocketfft c2r), the
    /// imaginary parts of the DC bin and, for even n, of the Nyquist bin are ignored.
    /// </summary>
    public static void Irfft(ReadOnlySpan<Complex> spectrum, Span<double> output)
    {
        int n = output.Length;
        if (n == 0) throw new ArgumentException("The output length must be at least 1.", nameof(output));
        int bins = RfftLength(n);
        if (spectrum.Length < bins)
            throw new ArgumentException($"An inverse real FFT of size {n} needs {bins} spectrum values; got {spectrum.Length}.", nameof(spectrum));
        if (n == 1)
        {
            output[0] = spectrum[0].Real;
            return;
        }
        double[] re = ArrayPool<double>.Shared.Rent(n), im = ArrayPool<double>.Shared.Rent(n);
        try
        {
            Span<double> r = re.AsSpan(0, n), i = im.AsSpan(0, n);
            // x[j] = (1/n) Re(FFT(conj X))[j] for a Hermitian X: fill conj(X) over the full circle.
            r[0] = spectrum[0].Real;
            i[0] = 0;
            for (int k = 1; k < bins; k++)
            {
                r[k] = spectrum[k].Real;
                i[k] = -spectrum[k].Imaginary;
            }
            if (n % 2 == 0) i[n / 2] = 0;
            for (int k = bins; k < n; k++)
            {
                r[k] = r[n - k];
                i[k] = -i[n - k];
            }
            GetComplexPlan(n).Forward(r, i);
            double scale = 1.0 / n;
            for (int j = 0; j < n; j++) output[j] = r[j] * scale;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(re);
            ArrayPool<double>.Shared.Return(im);
        }
    }

    private static ComplexPlan GetComplexPlan(int n) =>
        ComplexPlans.GetOrAdd(n, static size => BitOperations.IsPow2(size) ? new Radix2Plan(size) : new BluesteinPlan(size));

    /// <summary>An in-place complex transform of one size on split real and imaginary arrays.</summary>
    private abstract class ComplexPlan
    {
        public abstract void Forward(Span<double> re, Span<double> im);
    }

    /// <summary>
    /// Iterative decimation-in-time radix-2 transform: bit-reversal permutation, one radix-4 pass for the
    /// first two stages (no multiplications), then radix-2 stages whose twiddles lie contiguously per stage
    /// so the butterflies run over Vector&lt;double&gt; lanes.
    /// </summary>
    private sealed class Radix2Plan : ComplexPlan
    {
        private readonly int _n;
        private readonly double[] _twiddleRe; // stage with half-size h: cos(2 pi k / 2h) at [h + k], k < h (h >= 4)
        private readonly double[] _twiddleIm; // -sin(2 pi k / 2h)
        private readonly int[] _swaps;        // pairs (i, j), i < j, of the bit-reversal permutation

        public Radix2Plan(int n)
        {
            _n = n;
            _twiddleRe = new double[Math.Max(n, 8)];
            _twiddleIm = new double[Math.Max(n, 8)];
            FftStages<double>.FillTwiddles(_twiddleRe, _twiddleIm, n, firstHalf: 4);
            int bits = BitOperations.Log2((uint)n);
            var swaps = new List<int>();
            for (int i = 0; i < n && bits > 0; i++)
            {
                int j = (int)(ReverseBits((uint)i) >> (32 - bits));
                if (i < j)
                {
                    swaps.Add(i);
                    swaps.Add(j);
                }
            }
            _swaps = swaps.ToArray();
        }

        public override void Forward(Span<double> reSpan, Span<double> imSpan)
        {
            int n = _n;
            if (reSpan.Length < n || imSpan.Length < n) throw new ArgumentException("FFT buffers are too short.");
            ref double re = ref MemoryMarshal.GetReference(reSpan);
            ref double im = ref MemoryMarshal.GetReference(imSpan);

            int[] swaps = _swaps;
            for (int s = 0; s < swaps.Length; s += 2)
            {
                int i = swaps[s], j = swaps[s + 1];
                (Unsafe.Add(ref re, i), Unsafe.Add(ref re, j)) = (Unsafe.Add(ref re, j), Unsafe.Add(ref re, i));
                (Unsafe.Add(ref im, i), Unsafe.Add(ref im, j)) = (Unsafe.Add(ref im, j), Unsafe.Add(ref im, i));
            }

            if (n == 2)
            {
                double r0 = re, i0 = im, r1 = Unsafe.Add(ref re, 1), i1 = Unsafe.Add(ref im, 1);
                re = r0 + r1;
                im = i0 + i1;
                Unsafe.Add(ref re, 1) = r0 - r1;
                Unsafe.Add(ref im, 1) = i0 - i1;
                return;
            }

            // Stages of size 2 and 4 together: twiddles 1 and -i only.
            for (int b = 0; b < n; b += 4)
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
                Unsafe.Add(ref r, 1) = a1r + a3i; // a1 + (-i) a3
                Unsafe.Add(ref i, 1) = a1i - a3r;
                Unsafe.Add(ref r, 3) = a1r - a3i;
                Unsafe.Add(ref i, 3) = a1i + a3r;
            }

            ref double twRe = ref MemoryMarshal.GetArrayDataReference(_twiddleRe);
            ref double twIm = ref MemoryMarshal.GetArrayDataReference(_twiddleIm);
            int lanes = Vector<double>.Count;
            for (int half = 4; half < n; half <<= 1)
            {
                int size = half << 1;
                ref double wRe = ref Unsafe.Add(ref twRe, half);
                ref double wIm = ref Unsafe.Add(ref twIm, half);
                bool vectorised = Vector.IsHardwareAccelerated && half % lanes == 0;
                for (int start = 0; start < n; start += size)
                {
                    ref double aRe = ref Unsafe.Add(ref re, start);
                    ref double aIm = ref Unsafe.Add(ref im, start);
                    ref double bRe = ref Unsafe.Add(ref re, start + half);
                    ref double bIm = ref Unsafe.Add(ref im, start + half);
                    if (vectorised)
                    {
                        for (nuint k = 0; k < (nuint)half; k += (nuint)lanes)
                        {
                            Vector<double> wr = Vector.LoadUnsafe(ref wRe, k), wi = Vector.LoadUnsafe(ref wIm, k);
                            Vector<double> br = Vector.LoadUnsafe(ref bRe, k), bi = Vector.LoadUnsafe(ref bIm, k);
                            Vector<double> tr = br * wr - bi * wi;
                            Vector<double> ti = br * wi + bi * wr;
                            Vector<double> ar = Vector.LoadUnsafe(ref aRe, k), ai = Vector.LoadUnsafe(ref aIm, k);
                            (ar + tr).StoreUnsafe(ref aRe, k);
                            (ai + ti).StoreUnsafe(ref aIm, k);
                            (ar - tr).StoreUnsafe(ref bRe, k);
                            (ai - ti).StoreUnsafe(ref bIm, k);
                        }
                    }
                    else
                    {
                        for (int k = 0; k < half; k++)
                        {
                            double wr = Unsafe.Add(ref wRe, k), wi = Unsafe.Add(ref wIm, k);
                            double br = Unsafe.Add(ref bRe, k), bi = Unsafe.Add(ref bIm, k);
                            double tr = br * wr - bi * wi, ti = br * wi + bi * wr;
                            double ar = Unsafe.Add(ref aRe, k), ai = Unsafe.Add(ref aIm, k);
                            Unsafe.Add(ref aRe, k) = ar + tr;
                            Unsafe.Add(ref aIm, k) = ai + ti;
                            Unsafe.Add(ref bRe, k) = ar - tr;
                            Unsafe.Add(ref bIm, k) = ai - ti;
                        }
                    }
                }
            }
        }

        private static uint ReverseBits(uint v)
        {
            v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
            v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
            v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
            v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
            return (v >> 16) | (v << 16);
        }
    }

    /// <summary>
    /// Bluestein's chirp-z algorithm: a DFT of any size n as a circular convolution of size m (a power
    /// of two, m >= 2n - 1) with the chirp exp(i pi k^2 / n), whose transform is precomputed.
    /// </summary>
    private sealed class BluesteinPlan : ComplexPlan
    {
        private readonly int _n;
        private readonly int _m;
        private readonly double[] _chirpRe, _chirpIm;   // exp(-i pi k^2 / n), k < n
        private readonly double[] _kernelRe, _kernelIm; // FFT_m of conj(chirp) laid out circularly, scaled by 1/m

        public BluesteinPlan(int n)
        {
            _n = n;
            _m = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * n - 1));
            _chirpRe = new double[n];
            _chirpIm = new double[n];
            long twoN = 2L * n;
            for (int k = 0; k < n; k++)
            {
                long k2 = (long)k * k % twoN; // keeps the angle small and exact
                (double s, double c) = Math.SinCos(Math.PI * k2 / n);
                _chirpRe[k] = c;
                _chirpIm[k] = -s;
            }
            _kernelRe = new double[_m];
            _kernelIm = new double[_m];
            _kernelRe[0] = _chirpRe[0];
            _kernelIm[0] = -_chirpIm[0];
            for (int k = 1; k < n; k++)
            {
                _kernelRe[k] = _kernelRe[_m - k] = _chirpRe[k];
                _kernelIm[k] = _kernelIm[_m - k] = -_chirpIm[k];
            }
            GetComplexPlan(_m).Forward(_kernelRe, _kernelIm);
            double scale = 1.0 / _m; // the inverse transform's 1/m, folded into the kernel
            for (int k = 0; k < _m; k++)
            {
                _kernelRe[k] *= scale;
                _kernelIm[k] *= scale;
            }
        }

        public override void Forward(Span<double> re, Span<double> im)
        {
            int n = _n, m = _m;
            double[] workRe = ArrayPool<double>.Shared.Rent(m), workIm = ArrayPool<double>.Shared.Rent(m);
            try
            {
                Span<double> wr = workRe.AsSpan(0, m), wi = workIm.AsSpan(0, m);
                for (int k = 0; k < n; k++)
                {
                    double cr = _chirpRe[k], ci = _chirpIm[k];
                    wr[k] = re[k] * cr - im[k] * ci;
                    wi[k] = re[k] * ci + im[k] * cr;
                }
                wr[n..].Clear();
                wi[n..].Clear();
                ComplexPlan inner = GetComplexPlan(m);
                inner.Forward(wr, wi);
                // Multiply by the kernel and conjugate: the inverse transform as conj(fft(conj(z))).
                for (int k = 0; k < m; k++)
                {
                    double ar = wr[k], ai = wi[k], kr = _kernelRe[k], ki = _kernelIm[k];
                    wr[k] = ar * kr - ai * ki;
                    wi[k] = -(ar * ki + ai * kr);
                }
                inner.Forward(wr, wi);
                for (int k = 0; k < n; k++)
                {
                    double ar = wr[k], ai = -wi[k], cr = _chirpRe[k], ci = _chirpIm[k];
                    re[k] = ar * cr - ai * ci;
                    im[k] = ar * ci + ai * cr;
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(workRe);
                ArrayPool<double>.Shared.Return(workIm);
            }
        }
    }

    /// <summary>
    /// Real transform of size n. Even n: transform z[k] = x[2k] + i x[2k+1] (n/2 points) and split the
    /// result into the spectrum of x. Odd n: a complex transform of the real input.
    /// </summary>
    private sealed class RealPlan
    {
        private readonly int _n;
        private readonly ComplexPlan? _complex; // size n/2 (even n) or n (odd n); null for n <= 2
        private readonly double[] _cos = [];    // cos(2 pi k / n), k <= n/4
        private readonly double[] _sin = [];    // -sin(2 pi k / n)

        public RealPlan(int n)
        {
            _n = n;
            if (n % 2 != 0)
            {
                if (n > 1) _complex = GetComplexPlan(n);
                return;
            }
            int half = n / 2;
            if (half > 1) _complex = GetComplexPlan(half);
            int count = half / 2 + 1;
            _cos = new double[count];
            _sin = new double[count];
            for (int k = 0; k < count; k++)
            {
                (double s, double c) = Math.SinCos(2.0 * Math.PI * k / n);
                _cos[k] = c;
                _sin[k] = -s;
            }
        }

        public void Execute(ReadOnlySpan<double> x, Span<Complex> output)
        {
            int n = _n;
            if (n == 1)
            {
                output[0] = new Complex(x[0], 0);
                return;
            }
            bool even = n % 2 == 0;
            int points = even ? n / 2 : n;
            double[] re = ArrayPool<double>.Shared.Rent(points), im = ArrayPool<double>.Shared.Rent(points);
            try
            {
                Span<double> zr = re.AsSpan(0, points), zi = im.AsSpan(0, points);
                if (even)
                {
                    for (int k = 0; k < points; k++)
                    {
                        zr[k] = x[2 * k];
                        zi[k] = x[2 * k + 1];
                    }
                }
                else
                {
                    x.CopyTo(zr);
                    zi.Clear();
                }
                _complex?.Forward(zr, zi);
                if (even) Split(zr, zi, output);
                else for (int k = 0; k < output.Length; k++) output[k] = new Complex(zr[k], zi[k]);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(re);
                ArrayPool<double>.Shared.Return(im);
            }
        }

        // X[k] = E + W^k O and X[half-k] = conj(E - W^k O), with E = (Z[k] + conj Z[half-k]) / 2,
        // O = (Z[k] - conj Z[half-k]) / 2i and W = exp(-2 pi i / n).
        private void Split(ReadOnlySpan<double> zr, ReadOnlySpan<double> zi, Span<Complex> output)
        {
            int half = _n / 2;
            output[0] = new Complex(zr[0] + zi[0], 0);
            output[half] = new Complex(zr[0] - zi[0], 0);
            for (int k = 1; 2 * k <= half; k++)
            {
                int j = half - k;
                double ar = zr[k], ai = zi[k], br = zr[j], bi = zi[j];
                double er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
                double or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
                double wr = _cos[k], wi = _sin[k];
                double tr = wr * or - wi * oi;
                double ti = wr * oi + wi * or;
                output[k] = new Complex(er + tr, ei + ti);
                if (j != k) output[j] = new Complex(er - tr, -(ei - ti));
            }
        }
    }
}
