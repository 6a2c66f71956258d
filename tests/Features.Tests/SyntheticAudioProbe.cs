using System.Numerics;

namespace MlNetGenre.Features.Tests;

/// <summary>Small, self-contained measurements the synthetic-dataset tests make on rendered audio.</summary>
internal static class SyntheticAudioProbe
{
    /// <summary>Magnitude-weighted mean frequency over all frames (librosa's spectral centroid, averaged).</summary>
    public static double SpectralCentroid(float[] samples, int sampleRate)
    {
        double num = 0, den = 0;
        foreach (var spectrum in Spectra(samples, 2048, 1024))
        {
            for (int k = 1; k < spectrum.Length; k++)
            {
                double m = Math.Sqrt(spectrum[k]);
                num += m * k * sampleRate / 2048.0;
                den += m;
            }
        }
        return num / den;
    }

    /// <summary>Share of the signal's power below <paramref name="hz"/>.</summary>
    public static double PowerShareBelow(float[] samples, int sampleRate, double hz)
    {
        double low = 0, total = 0;
        foreach (var spectrum in Spectra(samples, 2048, 1024))
        {
            for (int k = 1; k < spectrum.Length; k++)
            {
                total += spectrum[k];
                if (k * sampleRate / 2048.0 < hz) low += spectrum[k];
            }
        }
        return low / total;
    }

    /// <summary>
    /// Tempo in [<paramref name="minBpm"/>, <paramref name="maxBpm"/>] from the autocorrelation of an onset-energy
    /// envelope (the rectified rise of log energy in seven octave bands): the tempo whose beat period and its
    /// multiples (1-4 beats) have the most autocorrelation.
    /// </summary>
    public static double Tempo(float[] samples, int sampleRate, double minBpm, double maxBpm)
    {
        const int nfft = 1024, hop = 256;
        double[] edges = [0, 200, 400, 800, 1600, 3200, 6400, double.MaxValue];
        var onset = new List<double>();
        double[]? previous = null;
        foreach (var spectrum in Spectra(samples, nfft, hop))
        {
            var bands = new double[edges.Length - 1];
            for (int k = 1; k < spectrum.Length; k++)
            {
                double f = k * (double)sampleRate / nfft;
                int b = 0;
                while (f >= edges[b + 1]) b++;
                bands[b] += spectrum[k];
            }
            for (int b = 0; b < bands.Length; b++) bands[b] = Math.Log(1e-9 + bands[b]);
            double flux = 0;
            if (previous is not null)
                for (int b = 0; b < bands.Length; b++) flux += Math.Max(0, bands[b] - previous[b]);
            onset.Add(flux);
            previous = bands;
        }
        double mean = onset.Average();
        var env = onset.Select(v => v - mean).ToArray();
        double fps = (double)sampleRate / hop;
        int maxLag = Math.Min(env.Length - 1, (int)(4 * 60 * fps / minBpm) + 2);
        var ac = new double[maxLag + 1];
        for (int lag = 1; lag <= maxLag; lag++)
        {
            double sum = 0;
            for (int t = 0; t + lag < env.Length; t++) sum += env[t] * env[t + lag];
            ac[lag] = sum / (env.Length - lag);
        }
        double best = double.MinValue, bestBpm = 0;
        for (double bpm = minBpm; bpm <= maxBpm; bpm += 0.25)
        {
            double beat = 60 * fps / bpm, score = 0;
            for (int m = 1; m <= 4; m++) score += ac[Math.Min(maxLag, (int)Math.Round(m * beat))];
            if (score > best)
            {
                best = score;
                bestBpm = bpm;
            }
        }
        return bestBpm;
    }

    /// <summary>Power spectra (bins 0..n/2) of Hann-windowed frames.</summary>
    private static IEnumerable<double[]> Spectra(float[] samples, int n, int hop)
    {
        var buffer = new Complex[n];
        for (int start = 0; start + n <= samples.Length; start += hop)
        {
            for (int i = 0; i < n; i++) buffer[i] = samples[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n));
            Fft(buffer);
            var power = new double[n / 2 + 1];
            for (int k = 0; k < power.Length; k++) power[k] = buffer[k].Real * buffer[k].Real + buffer[k].Imaginary * buffer[k].Imaginary;
            yield return power;
        }
    }

    private static void Fft(Complex[] a)
    {
        int n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
        }
        for (int len = 2; len <= n; len <<= 1)
        {
            double angle = -2 * Math.PI / len;
            var wl = new Complex(Math.Cos(angle), Math.Sin(angle));
            for (int i = 0; i < n; i += len)
            {
                Complex w = 1;
                for (int j = 0; j < len / 2; j++)
                {
                    var u = a[i + j];
                    var v = a[i + j + len / 2] * w;
                    a[i + j] = u + v;
                    a[i + j + len / 2] = u - v;
                    w *= wl;
                }
            }
        }
    }
}
