using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// The frame-averaged autocorrelation tempogram (centred, periodic Hann window, inf-norm per frame) by sliding sums
/// instead of two FFTs per frame. For lag k the windowed autocorrelation of frame t is
/// ac_t[k] = sum_{0 &lt; i &lt; W - k} w[i] w[i + k] q_k[t + i] with q_k[j] = o[j] o[j + k] (w[0] = 0 drops i = 0); for the Hann window
/// w[i] = 1/2 - 1/2 cos(theta i), theta = 2 pi / W, the weight w[i] w[i + k] is a trigonometric polynomial
/// a0 + a1 cos(theta i) + b1 sin(theta i) + a2 cos(2 theta i) + b2 sin(2 theta i), so ac_t[k] is a combination of one
/// plain and two complex-exponential running sums of q_k, each updated from frame t to t + 1 in O(1)
/// (drop q_k[t + 1], add q_k[t + W - k], rotate). All lags advance together in SIMD lanes: O(W) per frame instead of
/// O(N log N) with N >= 2W. The running sums are re-anchored (recomputed directly) every <see cref="Anchor"/>
/// frames so rounding cannot drift, and wherever the window turns quiet (<see cref="QuietFraction"/>); tests hold the
/// result to 1e-12 of the FFT tempogram, and to 1e-9 across fades and silences.
/// </summary>
internal static class SlidingTempogram
{
    internal const int Anchor = 2048;

    /// <summary>A window whose weighted energy is below this fraction of the loudest since the last anchor is recomputed directly.</summary>
    internal const double QuietFraction = 1e-4;
    private const double Float64Tiny = 2.2250738585072014e-308;

    /// <summary>numpy.mean over frames of librosa.feature.tempogram(onset_envelope, win_length, center=True).</summary>
    public static double[] Mean(ReadOnlySpan<float> onset, int winLength)
    {
        int n = onset.Length, w = winLength;
        var mean = new double[w];
        if (n == 0) return mean;
        int lanes = Vector256<double>.Count;
        int width = (w + lanes - 1) / lanes * lanes;   // lags padded to whole vectors; extra lags have zero weights
        int pad = w / 2;
        int guard = width;                              // zeros before the padded envelope for the mirrored loads
        int length = guard + n + 2 * pad + 2 * width + 2;
        double[] oArray = ArrayPool<double>.Shared.Rent(length);
        double[] state = ArrayPool<double>.Shared.Rent(16 * width);
        try
        {
            Span<double> o = oArray.AsSpan(0, length);
            o.Clear();
            // np.pad(mode='linear_ramp', end_values=0), float32 as the onset envelope.
            double first = onset[0], last = onset[n - 1];
            for (int i = 0; i < pad; i++)
            {
                o[guard + i] = (float)(i * (first / pad));
                o[guard + n + 2 * pad - 1 - i] = (float)(i * (last / pad));
            }
            for (int i = 0; i < n; i++) o[guard + pad + i] = onset[i];

            Span<double> s = state.AsSpan(0, 16 * width);
            s.Clear();
            Span<double> a0 = s[..width], a1 = s.Slice(width, width), b1 = s.Slice(2 * width, width);
            Span<double> a2 = s.Slice(3 * width, width), b2 = s.Slice(4 * width, width);
            Span<double> c1k = s.Slice(5 * width, width), s1k = s.Slice(6 * width, width); // e^{-i theta k}: (cos, -sin) stored as (c, s)
            Span<double> c2k = s.Slice(7 * width, width), s2k = s.Slice(8 * width, width);
            Span<double> sum0 = s.Slice(9 * width, width);
            Span<double> r1 = s.Slice(10 * width, width), i1 = s.Slice(11 * width, width);
            Span<double> r2 = s.Slice(12 * width, width), i2 = s.Slice(13 * width, width);
            Span<double> ac = s.Slice(14 * width, width), total = s.Slice(15 * width, width);
            double theta = 2 * Math.PI / w;
            for (int k = 0; k < w; k++)
            {
                (double sk, double ck) = Math.SinCos(theta * k);
                (double s2, double c2) = Math.SinCos(2 * theta * k);
                a0[k] = 0.25 * (1 + 0.5 * ck);
                a1[k] = -0.25 * (1 + ck);
                b1[k] = 0.25 * sk;
                a2[k] = 0.125 * ck;
                b2[k] = -0.125 * sk;
                c1k[k] = ck;
                s1k[k] = sk;
                c2k[k] = c2;
                s2k[k] = s2;
            }
            (double sin1, double cos1) = Math.SinCos(theta);
            (double sin2, double cos2) = Math.SinCos(2 * theta);
            ref double oRef = ref MemoryMarshal.GetArrayDataReference(oArray);
            double loudest = 0;
            for (int t = 0; t < n; t++)
            {
                // Re-anchor every Anchor frames, and when the window's weighted energy ac_t[0] has fallen far below the
                // largest plain sum of squares since the last anchor: the running sums carry rounding residue of that
                // scale, which would swamp a quiet window (a fade or digital silence, where librosa's column is exactly 0).
                double energy = a0[0] * sum0[0] + a1[0] * r1[0] + b1[0] * i1[0] + a2[0] * r2[0] + b2[0] * i2[0];
                if (t % Anchor == 0 || energy < QuietFraction * loudest)
                {
                    Recompute(o, guard + t, w, width, theta, sum0, r1, i1, r2, i2);
                    loudest = 0;
                }
                loudest = Math.Max(loudest, sum0[0]);
                // ac_t[k] from the running sums and its inf-norm over lags, advancing each lag's sums to frame t + 1 in
                // the same sweep (q_old = o[t + 1] o[t + 1 + k] leaves, q_new = o[t + W] o[t + W - k] enters); then the
                // running mean.
                bool advance = t + 1 < n && (t + 1) % Anchor != 0;
                int b = guard + t;
                var oldScale = Vector256.Create(o[b + 1]);
                var newScale = Vector256.Create(o[b + w]);
                Vector256<double> peak = Vector256<double>.Zero;
                for (int k = 0; k < width; k += lanes)
                {
                    Vector256<double> s0 = Load(sum0, k), x1 = Load(r1, k), y1 = Load(i1, k), x2 = Load(r2, k), y2 = Load(i2, k);
                    Vector256<double> v = Vector256.FusedMultiplyAdd(Load(b2, k), y2, Vector256.FusedMultiplyAdd(Load(a2, k), x2,
                        Vector256.FusedMultiplyAdd(Load(b1, k), y1, Vector256.FusedMultiplyAdd(Load(a1, k), x1, Load(a0, k) * s0))));
                    Store(ac, k, v);
                    peak = Vector256.MaxNative(peak, Vector256.Abs(v)); // lags beyond W hold 0, which cannot raise the maximum
                    if (!advance) continue;
                    Vector256<double> qOld = oldScale * Vector256.LoadUnsafe(ref oRef, (nuint)(b + 1 + k));
                    Vector256<double> qNew = newScale * Reverse(Vector256.LoadUnsafe(ref oRef, (nuint)(b + w - k - lanes + 1)));
                    Store(sum0, k, s0 + qNew - qOld);
                    Advance(r1, i1, k, x1, y1, qOld, qNew, Load(c1k, k), Load(s1k, k), cos1, sin1);
                    Advance(r2, i2, k, x2, y2, qOld, qNew, Load(c2k, k), Load(s2k, k), cos2, sin2);
                }
                double max = Math.Max(Math.Max(peak[0], peak[1]), Math.Max(peak[2], peak[3]));
                // ac / max as ac * (1 / max): within an ulp of librosa's division, and no divide per lag.
                var scale = Vector256.Create(max >= Float64Tiny ? 1.0 / max : 1.0);
                for (int k = 0; k < width; k += lanes) Store(total, k, Vector256.FusedMultiplyAdd(Load(ac, k), scale, Load(total, k)));
            }
            for (int k = 0; k < w; k++) mean[k] = total[k] / n;
            return mean;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(oArray);
            ArrayPool<double>.Shared.Return(state);
        }
    }

    /// <summary>
    /// R = e^{-i phi} (R + q_new e^{-i phi k}) - q_old for the sum over i = 1..W-1-k of q[t + i] e^{i phi i}: the window
    /// moves one frame, q_old at i = 1 (phase e^{i phi}, which the rotation cancels) leaves and q_new enters at
    /// i = W - 1 - k. (re, im) hold R = (re0, im0) at lag k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Advance(Span<double> re, Span<double> im, int k, Vector256<double> re0, Vector256<double> im0,
        Vector256<double> qOld, Vector256<double> qNew, Vector256<double> ck, Vector256<double> sk, double cos, double sin)
    {
        Vector256<double> x = Vector256.FusedMultiplyAdd(qNew, ck, re0);
        Vector256<double> y = Vector256.FusedMultiplyAdd(-qNew, sk, im0);
        var c = Vector256.Create(cos);
        var s = Vector256.Create(sin);
        Store(re, k, Vector256.FusedMultiplyAdd(x, c, y * s) - qOld);
        Store(im, k, Vector256.FusedMultiplyAdd(y, c, -(x * s)));
    }

    /// <summary>The running sums of frame t (window start <paramref name="b"/> in <paramref name="o"/>), computed directly.</summary>
    private static void Recompute(ReadOnlySpan<double> o, int b, int w, int width, double theta,
        Span<double> sum0, Span<double> r1, Span<double> i1, Span<double> r2, Span<double> i2)
    {
        // Padding lags (w..width) stay 0.
        sum0[w..width].Clear();
        r1[w..width].Clear();
        i1[w..width].Clear();
        r2[w..width].Clear();
        i2[w..width].Clear();
        Span<double> cos1 = w <= 4096 ? stackalloc double[w] : new double[w];
        Span<double> sin1 = w <= 4096 ? stackalloc double[w] : new double[w];
        Span<double> cos2 = w <= 4096 ? stackalloc double[w] : new double[w];
        Span<double> sin2 = w <= 4096 ? stackalloc double[w] : new double[w];
        for (int i = 0; i < w; i++)
        {
            (sin1[i], cos1[i]) = Math.SinCos(theta * i);
            (sin2[i], cos2[i]) = Math.SinCos(2 * theta * i);
        }
        for (int k = 0; k < w; k++)
        {
            double s0 = 0, c1 = 0, s1 = 0, c2 = 0, s2 = 0;
            for (int i = 1; i < w - k; i++) // w[0] = 0: position 0 never counts, so it is left out exactly
            {
                double q = o[b + i] * o[b + i + k];
                s0 += q;
                c1 += q * cos1[i];
                s1 += q * sin1[i];
                c2 += q * cos2[i];
                s2 += q * sin2[i];
            }
            sum0[k] = s0;
            r1[k] = c1;
            i1[k] = s1;
            r2[k] = c2;
            i2[k] = s2;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(Span<double> s, int k) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<double> s, int k, Vector256<double> v) => v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reverse(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(3L, 2, 1, 0));
}
