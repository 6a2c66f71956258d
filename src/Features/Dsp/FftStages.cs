using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// The butterfly stages of a radix-2 decimation-in-time complex FFT of a power-of-two size m over split real and
/// imaginary arrays, in double (<see cref="RealFftEngine"/>) or float (<see cref="FloatFramePowerEngine"/>) precision.
/// The caller loads the input in bit-reversed order and runs the stages of half-size 1 and 2 itself (fused with the
/// load); <see cref="RemainingStages"/> runs half-sizes 4 to m/2, two stages per pass where it can. Immutable and
/// thread-safe once built.
/// </summary>
internal sealed class FftStages<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _m;
    private readonly T[] _twRe, _twIm; // stage with half-size h: exp(-2 pi i k / 2h) at [h + k], k < h

    public FftStages(int m)
    {
        if (m < 4 || !BitOperations.IsPow2(m)) throw new ArgumentOutOfRangeException(nameof(m), m, "The size must be a power of two of at least 4.");
        _m = m;
        _twRe = new T[Math.Max(m, 8)];
        _twIm = new T[Math.Max(m, 8)];
        FillTwiddles(_twRe, _twIm, m, firstHalf: 1);
    }

    /// <summary>
    /// The twiddles of an m-point radix-2 transform, exp(-2 pi i k / 2h) at [h + k] for every stage half-size h from
    /// <paramref name="firstHalf"/> to m/2, k &lt; h. Angles come from the full circle of m points, so every stage's
    /// twiddles are identical to the last stage's. Shared with <see cref="Fft"/>'s radix-2 plan.
    /// </summary>
    internal static void FillTwiddles(Span<T> re, Span<T> im, int m, int firstHalf)
    {
        for (int half = firstHalf; half < m; half <<= 1)
        {
            for (int k = 0; k < half; k++)
            {
                (double s, double c) = Math.SinCos(2.0 * Math.PI * k * (m / (2 * half)) / m);
                re[half + k] = T.CreateChecked(c);
                im[half + k] = T.CreateChecked(-s);
            }
        }
    }

    /// <summary>The stages of half-size 4 and up, in place on bit-reversed data whose first two stages are done (natural-order output).</summary>
    public void RemainingStages(Span<T> reSpan, Span<T> imSpan)
    {
        int m = _m;
        if (reSpan.Length < m || imSpan.Length < m) throw new ArgumentException("Buffers are too short for this transform size.");
        ref T re = ref MemoryMarshal.GetReference(reSpan);
        ref T im = ref MemoryMarshal.GetReference(imSpan);
        int half = 4;
        // An odd number of remaining stages: one radix-2 stage first, then pairs.
        if ((BitOperations.Log2((uint)m) - 2) % 2 == 1)
        {
            Radix2Stage(ref re, ref im, half);
            half <<= 1;
        }
        for (; half < m; half <<= 2)
        {
            if (Vector512.IsHardwareAccelerated && half % Vector512<T>.Count == 0) Radix4Stage512(ref re, ref im, half);
            else if (half % Vector256<T>.Count == 0) Radix4Stage256(ref re, ref im, half);
            else if (half == Vector128<T>.Count && m % (8 * half) == 0) Radix4StageTwoBlocks(ref re, ref im, half);
            else throw new InvalidOperationException($"No radix-4 pass for half-size {half} of a {m}-point {typeof(T).Name} transform.");
        }
    }

    /// <summary>One radix-2 stage of half-size h (h a multiple of the 128-bit lane count, as h &gt;= 4 is).</summary>
    private void Radix2Stage(ref T re, ref T im, int half)
    {
        int m = _m, size = 2 * half;
        ref T wRe = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), half);
        ref T wIm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), half);
        for (int start = 0; start < m; start += size)
        {
            ref T aRe = ref Unsafe.Add(ref re, start);
            ref T aIm = ref Unsafe.Add(ref im, start);
            ref T bRe = ref Unsafe.Add(ref re, start + half);
            ref T bIm = ref Unsafe.Add(ref im, start + half);
            for (nuint k = 0; k < (nuint)half; k += (nuint)Vector128<T>.Count)
            {
                Vector128<T> wr = Vector128.LoadUnsafe(ref wRe, k), wi = Vector128.LoadUnsafe(ref wIm, k);
                Vector128<T> br = Vector128.LoadUnsafe(ref bRe, k), bi = Vector128.LoadUnsafe(ref bIm, k);
                Vector128<T> tr = br * wr - bi * wi;
                Vector128<T> ti = br * wi + bi * wr;
                Vector128<T> ar = Vector128.LoadUnsafe(ref aRe, k), ai = Vector128.LoadUnsafe(ref aIm, k);
                (ar + tr).StoreUnsafe(ref aRe, k);
                (ai + ti).StoreUnsafe(ref aIm, k);
                (ar - tr).StoreUnsafe(ref bRe, k);
                (ai - ti).StoreUnsafe(ref bIm, k);
            }
        }
    }

    // Radix-2 stages of half-sizes h and 2h in one pass over blocks of 4h: exactly the arithmetic of the two stages
    // (the second stage's upper twiddle is -i times its lower one), with half the loads and stores. The versions
    // differ only in their lane width (C# cannot abstract over it): h a multiple of 256 or 512 bits, or h one 128-bit
    // vector (float's h = 4, the only smaller case the engines reach: double's h = 4 fills 256 bits).

    /// <summary>
    /// The radix-4 pass for h = one 128-bit vector (float's h = 4): two neighbouring blocks of 4h share each 256-bit
    /// vector (block A in the lower half, block B in the upper), so the butterflies run at full width.
    /// </summary>
    private void Radix4StageTwoBlocks(ref T re, ref T im, int h)
    {
        ref T tw1Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), h);
        ref T tw1Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), h);
        ref T tw2Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), 2 * h);
        ref T tw2Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), 2 * h);
        Vector256<T> w1r = Twice(ref tw1Re, 0), w1i = Twice(ref tw1Im, 0);
        Vector256<T> w2r = Twice(ref tw2Re, 0), w2i = Twice(ref tw2Im, 0);
        Vector256<T> w3r = Twice(ref tw2Re, h), w3i = Twice(ref tw2Im, h);
        nuint block = (nuint)(4 * h), o1 = (nuint)h, o2 = (nuint)(2 * h), o3 = (nuint)(3 * h);
        for (int start = 0; start < _m; start += 8 * h)
        {
            ref T pr = ref Unsafe.Add(ref re, start), pi = ref Unsafe.Add(ref im, start);
            Vector256<T> a0r = Pair(ref pr, 0, block), a0i = Pair(ref pi, 0, block);
            Vector256<T> a1r = Pair(ref pr, o1, block), a1i = Pair(ref pi, o1, block);
            Vector256<T> a2r = Pair(ref pr, o2, block), a2i = Pair(ref pi, o2, block);
            Vector256<T> a3r = Pair(ref pr, o3, block), a3i = Pair(ref pi, o3, block);
            Vector256<T> t1r = a1r * w1r - a1i * w1i, t1i = a1r * w1i + a1i * w1r;
            Vector256<T> t3r = a3r * w1r - a3i * w1i, t3i = a3r * w1i + a3i * w1r;
            Vector256<T> b0r = a0r + t1r, b0i = a0i + t1i, b1r = a0r - t1r, b1i = a0i - t1i;
            Vector256<T> b2r = a2r + t3r, b2i = a2i + t3i, b3r = a2r - t3r, b3i = a2i - t3i;
            Vector256<T> u2r = b2r * w2r - b2i * w2i, u2i = b2r * w2i + b2i * w2r;
            Vector256<T> u3r = b3r * w3r - b3i * w3i, u3i = b3r * w3i + b3i * w3r;
            StorePair(b0r + u2r, ref pr, 0, block);
            StorePair(b0i + u2i, ref pi, 0, block);
            StorePair(b0r - u2r, ref pr, o2, block);
            StorePair(b0i - u2i, ref pi, o2, block);
            StorePair(b1r + u3r, ref pr, o1, block);
            StorePair(b1i + u3i, ref pi, o1, block);
            StorePair(b1r - u3r, ref pr, o3, block);
            StorePair(b1i - u3i, ref pi, o3, block);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Twice(ref T source, int offset)
    {
        Vector128<T> v = Vector128.LoadUnsafe(ref source, (nuint)offset);
        return Vector256.Create(v, v);
    }

    /// <summary>The 128-bit vectors at <paramref name="offset"/> of block A and of block B (<paramref name="block"/> further).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Pair(ref T source, nuint offset, nuint block) =>
        Vector256.Create(Vector128.LoadUnsafe(ref source, offset), Vector128.LoadUnsafe(ref source, offset + block));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(Vector256<T> value, ref T target, nuint offset, nuint block)
    {
        value.GetLower().StoreUnsafe(ref target, offset);
        value.GetUpper().StoreUnsafe(ref target, offset + block);
    }

    private void Radix4Stage256(ref T re, ref T im, int h)
    {
        ref T w1Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), h);
        ref T w1Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), h);
        ref T w2Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), 2 * h);
        ref T w2Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), 2 * h);
        for (int start = 0; start < _m; start += 4 * h)
        {
            ref T p0r = ref Unsafe.Add(ref re, start), p0i = ref Unsafe.Add(ref im, start);
            ref T p1r = ref Unsafe.Add(ref p0r, h), p1i = ref Unsafe.Add(ref p0i, h);
            ref T p2r = ref Unsafe.Add(ref p0r, 2 * h), p2i = ref Unsafe.Add(ref p0i, 2 * h);
            ref T p3r = ref Unsafe.Add(ref p0r, 3 * h), p3i = ref Unsafe.Add(ref p0i, 3 * h);
            for (nuint k = 0; k < (nuint)h; k += (nuint)Vector256<T>.Count)
            {
                Vector256<T> w1r = Vector256.LoadUnsafe(ref w1Re, k), w1i = Vector256.LoadUnsafe(ref w1Im, k);
                Vector256<T> w2r = Vector256.LoadUnsafe(ref w2Re, k), w2i = Vector256.LoadUnsafe(ref w2Im, k);
                Vector256<T> w3r = Vector256.LoadUnsafe(ref w2Re, k + (nuint)h), w3i = Vector256.LoadUnsafe(ref w2Im, k + (nuint)h);
                Vector256<T> a0r = Vector256.LoadUnsafe(ref p0r, k), a0i = Vector256.LoadUnsafe(ref p0i, k);
                Vector256<T> a1r = Vector256.LoadUnsafe(ref p1r, k), a1i = Vector256.LoadUnsafe(ref p1i, k);
                Vector256<T> a2r = Vector256.LoadUnsafe(ref p2r, k), a2i = Vector256.LoadUnsafe(ref p2i, k);
                Vector256<T> a3r = Vector256.LoadUnsafe(ref p3r, k), a3i = Vector256.LoadUnsafe(ref p3i, k);
                Vector256<T> t1r = a1r * w1r - a1i * w1i, t1i = a1r * w1i + a1i * w1r;
                Vector256<T> t3r = a3r * w1r - a3i * w1i, t3i = a3r * w1i + a3i * w1r;
                Vector256<T> b0r = a0r + t1r, b0i = a0i + t1i, b1r = a0r - t1r, b1i = a0i - t1i;
                Vector256<T> b2r = a2r + t3r, b2i = a2i + t3i, b3r = a2r - t3r, b3i = a2i - t3i;
                Vector256<T> u2r = b2r * w2r - b2i * w2i, u2i = b2r * w2i + b2i * w2r;
                Vector256<T> u3r = b3r * w3r - b3i * w3i, u3i = b3r * w3i + b3i * w3r;
                (b0r + u2r).StoreUnsafe(ref p0r, k);
                (b0i + u2i).StoreUnsafe(ref p0i, k);
                (b0r - u2r).StoreUnsafe(ref p2r, k);
                (b0i - u2i).StoreUnsafe(ref p2i, k);
                (b1r + u3r).StoreUnsafe(ref p1r, k);
                (b1i + u3i).StoreUnsafe(ref p1i, k);
                (b1r - u3r).StoreUnsafe(ref p3r, k);
                (b1i - u3i).StoreUnsafe(ref p3i, k);
            }
        }
    }

    private void Radix4Stage512(ref T re, ref T im, int h)
    {
        ref T w1Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), h);
        ref T w1Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), h);
        ref T w2Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twRe), 2 * h);
        ref T w2Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_twIm), 2 * h);
        for (int start = 0; start < _m; start += 4 * h)
        {
            ref T p0r = ref Unsafe.Add(ref re, start), p0i = ref Unsafe.Add(ref im, start);
            ref T p1r = ref Unsafe.Add(ref p0r, h), p1i = ref Unsafe.Add(ref p0i, h);
            ref T p2r = ref Unsafe.Add(ref p0r, 2 * h), p2i = ref Unsafe.Add(ref p0i, 2 * h);
            ref T p3r = ref Unsafe.Add(ref p0r, 3 * h), p3i = ref Unsafe.Add(ref p0i, 3 * h);
            for (nuint k = 0; k < (nuint)h; k += (nuint)Vector512<T>.Count)
            {
                Vector512<T> w1r = Vector512.LoadUnsafe(ref w1Re, k), w1i = Vector512.LoadUnsafe(ref w1Im, k);
                Vector512<T> w2r = Vector512.LoadUnsafe(ref w2Re, k), w2i = Vector512.LoadUnsafe(ref w2Im, k);
                Vector512<T> w3r = Vector512.LoadUnsafe(ref w2Re, k + (nuint)h), w3i = Vector512.LoadUnsafe(ref w2Im, k + (nuint)h);
                Vector512<T> a0r = Vector512.LoadUnsafe(ref p0r, k), a0i = Vector512.LoadUnsafe(ref p0i, k);
                Vector512<T> a1r = Vector512.LoadUnsafe(ref p1r, k), a1i = Vector512.LoadUnsafe(ref p1i, k);
                Vector512<T> a2r = Vector512.LoadUnsafe(ref p2r, k), a2i = Vector512.LoadUnsafe(ref p2i, k);
                Vector512<T> a3r = Vector512.LoadUnsafe(ref p3r, k), a3i = Vector512.LoadUnsafe(ref p3i, k);
                Vector512<T> t1r = a1r * w1r - a1i * w1i, t1i = a1r * w1i + a1i * w1r;
                Vector512<T> t3r = a3r * w1r - a3i * w1i, t3i = a3r * w1i + a3i * w1r;
                Vector512<T> b0r = a0r + t1r, b0i = a0i + t1i, b1r = a0r - t1r, b1i = a0i - t1i;
                Vector512<T> b2r = a2r + t3r, b2i = a2i + t3i, b3r = a2r - t3r, b3i = a2i - t3i;
                Vector512<T> u2r = b2r * w2r - b2i * w2i, u2i = b2r * w2i + b2i * w2r;
                Vector512<T> u3r = b3r * w3r - b3i * w3i, u3i = b3r * w3i + b3i * w3r;
                (b0r + u2r).StoreUnsafe(ref p0r, k);
                (b0i + u2i).StoreUnsafe(ref p0i, k);
                (b0r - u2r).StoreUnsafe(ref p2r, k);
                (b0i - u2i).StoreUnsafe(ref p2i, k);
                (b1r + u3r).StoreUnsafe(ref p1r, k);
                (b1i + u3i).StoreUnsafe(ref p1i, k);
                (b1r - u3r).StoreUnsafe(ref p3r, k);
                (b1i - u3i).StoreUnsafe(ref p3i, k);
            }
        }
    }
}
