using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>librosa.power_to_db and librosa.amplitude_to_db.</summary>
public static class Decibels
{
    /// <summary>
    /// librosa.power_to_db(S, ref, amin, top_db): 10 log10(max(amin, S)) - 10 log10(max(amin, |ref|)),
    /// then, when <paramref name="topDb"/> is not null, clipped from below at (max over the whole matrix) - top_db.
    /// Returns a new matrix.
    /// </summary>
    public static FeatureMatrix PowerToDb(FeatureMatrix s, double reference = 1.0, double amin = 1e-10, double? topDb = 80.0)
    {
        ArgumentNullException.ThrowIfNull(s);
        var result = new FeatureMatrix(s.Rows, s.Columns);
        PowerToDb(s.Data, result.Data, reference, amin, topDb);
        return result;
    }

    /// <summary>power_to_db over a span (top_db uses the maximum of the whole span); source and destination may be the same.</summary>
    public static void PowerToDb(ReadOnlySpan<float> s, Span<float> destination, double reference = 1.0, double amin = 1e-10, double? topDb = 80.0)
    {
        if (!(amin > 0)) throw new ArgumentOutOfRangeException(nameof(amin), amin, "amin must be strictly positive.");
        if (topDb is { } t && !(t >= 0)) throw new ArgumentOutOfRangeException(nameof(topDb), t, "top_db must be non-negative.");
        if (destination.Length < s.Length) throw new ArgumentException($"The destination holds {destination.Length} values, expected {s.Length}.", nameof(destination));
        double offset = 10.0 * Math.Log10(Math.Max(amin, Math.Abs(reference)));
        float max = float.NegativeInfinity;
        bool anyNaN = false;
        for (int i = 0; i < s.Length; i++)
        {
            float db = (float)(10.0 * Math.Log10(Math.Max(amin, s[i])) - offset);
            destination[i] = db;
            if (float.IsNaN(db)) anyNaN = true;
            else if (db > max) max = db;
        }
        if (topDb is not { } top) return;
        if (anyNaN)
        {
            destination[..s.Length].Fill(float.NaN); // numpy: the maximum is NaN, and so is every clipped value
            return;
        }
        float floor = (float)(max - top);
        for (int i = 0; i < s.Length; i++)
            if (destination[i] < floor) destination[i] = floor;
    }

    /// <summary>
    /// power_to_db with ref 1 in place, in float32 as numpy computes it on librosa's float32 spectrogram
    /// (10 log10(max(amin, S)), then clipped at max - top_db), vectorised. Inputs must be finite.
    /// </summary>
    internal static void PowerToDbInPlace(Span<float> s, float amin = 1e-10f, double? topDb = 80.0)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(s);
            var floor = Vector256.Create(amin);
            for (; k + 8 <= s.Length; k += 8)
                TenLog10(Vector256.MaxNative(Vector256.LoadUnsafe(ref x, (nuint)k), floor)).StoreUnsafe(ref x, (nuint)k);
        }
        for (; k < s.Length; k++) s[k] = 10f * MathF.Log10(MathF.Max(s[k], amin));
        if (topDb is not { } top || s.IsEmpty) return;
        float clip = (float)(TensorPrimitives.Max(s) - top);
        TensorPrimitives.Max(s, clip, s);
    }

    /// <summary>
    /// 10 log10(x) for positive normal float32 x, within 3 ulp (1.5e-5 dB): x = m 2^e with m in [sqrt(1/2), sqrt(2)), then
    /// ln m = 2 atanh(t), t = (m - 1) / (m + 1), |t| &lt;= 0.172, by its series to t^9 (truncation below 1e-9 relative).
    /// Three times faster than TensorPrimitives.Log10 here, which matters at 165,000 values per track.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TenLog10(Vector256<float> x)
    {
        Vector256<int> bits = x.AsInt32();
        Vector256<int> exponent = (bits >>> 23) - Vector256.Create(127);
        Vector256<float> m = (bits & Vector256.Create(0x007FFFFF) | Vector256.Create(0x3F800000)).AsSingle(); // [1, 2)
        Vector256<float> large = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
        m = Vector256.ConditionalSelect(large, m * 0.5f, m);
        exponent += large.AsInt32() & Vector256<int>.One;
        Vector256<float> t = (m - Vector256<float>.One) / (m + Vector256<float>.One);
        Vector256<float> t2 = t * t;
        Vector256<float> series = Vector256.Create(1f / 9);
        series = series * t2 + Vector256.Create(1f / 7);
        series = series * t2 + Vector256.Create(1f / 5);
        series = series * t2 + Vector256.Create(1f / 3);
        series = series * t2 + Vector256<float>.One;
        Vector256<float> lnM = 2f * t * series;
        Vector256<float> ln = Vector256.ConvertToSingle(exponent) * Vector256.Create(0.693147181f) + lnM;
        return ln * Vector256.Create(4.34294482f); // 10 / ln 10
    }

    /// <summary>librosa.amplitude_to_db(S, ref, amin, top_db) = power_to_db(S^2, ref^2, amin^2, top_db).</summary>
    public static FeatureMatrix AmplitudeToDb(FeatureMatrix s, double reference = 1.0, double amin = 1e-5, double? topDb = 80.0)
    {
        ArgumentNullException.ThrowIfNull(s);
        var power = new FeatureMatrix(s.Rows, s.Columns);
        for (int i = 0; i < s.Data.Length; i++) power.Data[i] = s.Data[i] * s.Data[i];
        PowerToDb(power.Data, power.Data, reference * reference, amin * amin, topDb);
        return power;
    }
}
