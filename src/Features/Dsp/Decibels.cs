using System.Numerics.Tensors;

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
        TensorPrimitives.Max(s, amin, s);
        TensorPrimitives.Log10(s, s);
        TensorPrimitives.Multiply(s, 10f, s);
        if (topDb is not { } top || s.IsEmpty) return;
        float floor = (float)(TensorPrimitives.Max(s) - top);
        TensorPrimitives.Max(s, floor, s);
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
