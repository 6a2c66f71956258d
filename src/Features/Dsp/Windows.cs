using System.Collections.Concurrent;

namespace MlNetGenre.Features.Dsp;

/// <summary>Analysis windows, as scipy.signal.get_window returns them (float64).</summary>
public static class Windows
{
    private static readonly ConcurrentDictionary<int, double[]> PeriodicHannCache = new();

    /// <summary>
    /// scipy.signal.get_window('hann', n, fftbins=True): the periodic Hann window
    /// w[k] = 0.5 - 0.5 cos(2 pi k / n), computed with scipy's formula 0.5 + 0.5 cos(-pi + k * 2 pi / n).
    /// Returns a new array the caller may modify.
    /// </summary>
    public static double[] Hann(int n) => PeriodicHann(n).ToArray();

    /// <summary>The cached periodic Hann window of length <paramref name="n"/> (read-only view).</summary>
    public static ReadOnlySpan<double> PeriodicHann(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return PeriodicHannCache.GetOrAdd(n, static size =>
        {
            // scipy: general_cosine(size + 1, [0.5, 0.5]) with fac = linspace(-pi, pi, size + 1), last point dropped.
            var w = new double[size];
            if (size == 1)
            {
                w[0] = 1.0; // scipy returns ones(1) for a window of length 1
                return w;
            }
            double step = 2.0 * Math.PI / size;
            for (int k = 0; k < size; k++)
                w[k] = 0.5 + 0.5 * Math.Cos(k * step - Math.PI);
            return w;
        });
    }
}
