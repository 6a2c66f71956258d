using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm='slaney', dtype=float32): triangular
/// filters on the mel scale with Slaney area normalisation 2 / (hz[i+2] - hz[i]). Weights are float32 as
/// in librosa. Instances are immutable and cached per (sr, n_fft, n_mels, fmin, fmax, htk); each band
/// keeps the range of its non-zero weights, so applying the filterbank costs only those products.
/// </summary>
public sealed class MelFilterbank
{
    private static readonly ConcurrentDictionary<(int, int, int, double, double, bool), MelFilterbank> Cache = new();

    private readonly float[] _weights; // NMels x Bins, row-major
    private readonly int[] _start;     // first non-zero bin of each band
    private readonly int[] _length;    // number of bins from _start to the last non-zero bin

    private MelFilterbank(int sr, int nFft, int nMels, double fmin, double fmax, bool htk)
    {
        SampleRate = sr;
        NFft = nFft;
        NMels = nMels;
        FMin = fmin;
        FMax = fmax;
        Htk = htk;
        int bins = Bins;
        _weights = new float[nMels * bins];
        _start = new int[nMels];
        _length = new int[nMels];

        double[] fftFreqs = MelScale.FftFrequencies(sr, nFft);
        double[] melF = MelScale.MelFrequencies(nMels + 2, fmin, fmax, htk);
        for (int i = 0; i < nMels; i++)
        {
            double lowerDiff = melF[i + 1] - melF[i], upperDiff = melF[i + 2] - melF[i + 1];
            double enorm = 2.0 / (melF[i + 2] - melF[i]);
            Span<float> row = _weights.AsSpan(i * bins, bins);
            int first = -1, last = -1;
            for (int k = 0; k < bins; k++)
            {
                double lower = -(melF[i] - fftFreqs[k]) / lowerDiff;
                double upper = (melF[i + 2] - fftFreqs[k]) / upperDiff;
                float triangle = (float)Math.Max(0.0, Math.Min(lower, upper)); // librosa stores float32 ...
                float w = (float)(triangle * enorm);                          // ... then scales in place
                row[k] = w;
                if (w != 0f)
                {
                    if (first < 0) first = k;
                    last = k;
                }
            }
            _start[i] = Math.Max(first, 0);
            _length[i] = first < 0 ? 0 : last - first + 1;
        }
    }

    public int SampleRate { get; }
    public int NFft { get; }
    public int NMels { get; }
    public double FMin { get; }
    public double FMax { get; }
    public bool Htk { get; }

    /// <summary>Number of STFT bins each filter spans, 1 + n_fft/2.</summary>
    public int Bins => NFft / 2 + 1;

    /// <summary>The cached filterbank; <paramref name="fmax"/> null means sr / 2.</summary>
    public static MelFilterbank Create(int sr, int nFft = 2048, int nMels = 128, double fmin = 0.0, double? fmax = null, bool htk = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sr);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nFft);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nMels);
        double top = fmax ?? sr / 2.0;
        if (!(fmin >= 0) || !(top > fmin) || !double.IsFinite(top))
            throw new ArgumentOutOfRangeException(nameof(fmax), $"Mel filterbank needs 0 <= fmin < fmax (got fmin {fmin}, fmax {top}).");
        return Cache.GetOrAdd((sr, nFft, nMels, fmin, top, htk), static key => new MelFilterbank(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5, key.Item6));
    }

    /// <summary>The weights of one band over all 1 + n_fft/2 bins.</summary>
    public ReadOnlySpan<float> Band(int band) => _weights.AsSpan(band * Bins, Bins);

    /// <summary>The first bin with a non-zero weight in <paramref name="band"/> and how many bins its support spans.</summary>
    public (int Start, int Length) Support(int band) => (_start[band], _length[band]);

    /// <summary>A copy of the weights as an n_mels x (1 + n_fft/2) matrix (librosa's layout).</summary>
    public FeatureMatrix ToMatrix() => new(NMels, Bins, (float[])_weights.Clone());

    /// <summary>Sum of each band's weights, in double.</summary>
    public double[] SumPerBand()
    {
        var sums = new double[NMels];
        for (int m = 0; m < NMels; m++)
            foreach (float w in Band(m)) sums[m] += w;
        return sums;
    }

    /// <summary>One frame: mel[m] = sum_k weights[m, k] spectrum[k] (float32 sums over each band's support).</summary>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> mel)
    {
        if (spectrum.Length != Bins) throw new ArgumentException($"The spectrum has {spectrum.Length} bins, expected {Bins}.", nameof(spectrum));
        if (mel.Length < NMels) throw new ArgumentException($"The destination holds {mel.Length} values, expected {NMels}.", nameof(mel));
        ref float w0 = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref float x0 = ref MemoryMarshal.GetReference(spectrum);
        int bins = Bins;
        for (int m = 0; m < NMels; m++)
        {
            int start = _start[m], length = _length[m];
            ref float w = ref Unsafe.Add(ref w0, m * bins + start);
            ref float x = ref Unsafe.Add(ref x0, start);
            int i = 0;
            float sum = 0;
            if (length >= 8)
            {
                Vector256<float> acc = Vector256<float>.Zero;
                for (; i + 8 <= length; i += 8)
                    acc += Vector256.LoadUnsafe(ref w, (nuint)i) * Vector256.LoadUnsafe(ref x, (nuint)i);
                sum = Vector256.Sum(acc);
            }
            for (; i < length; i++) sum += Unsafe.Add(ref w, i) * Unsafe.Add(ref x, i);
            mel[m] = sum;
        }
    }

    /// <summary>
    /// Consecutive frames at once: <paramref name="spectra"/> holds whole frames of 1 + n_fft/2 values one after another
    /// (frame-major), <paramref name="mel"/> receives n_mels values per frame in the same order. Four frames share each
    /// weight load and one horizontal reduction per band.
    /// </summary>
    public void ApplyFrames(ReadOnlySpan<float> spectra, Span<float> mel) => ApplyFrames(spectra, Bins, mel);

    /// <summary>
    /// <see cref="ApplyFrames(ReadOnlySpan{float}, Span{float})"/> for frames <paramref name="stride"/> values apart
    /// (a stride above 1 + n_fft/2 pads rows to keep them aligned); the last frame needs only its bins.
    /// </summary>
    internal void ApplyFrames(ReadOnlySpan<float> spectra, int stride, Span<float> mel)
    {
        int bins = Bins, count = StridedFrames.Count(spectra.Length, bins, stride);
        if (mel.Length < count * NMels) throw new ArgumentException($"The destination holds {mel.Length} values, expected {count * NMels}.", nameof(mel));
        int t = 0;
        if (Avx.IsSupported && Fma.IsSupported)
            for (; t + 4 <= count; t += 4) ApplyFour(spectra.Slice(t * stride, 3 * stride + bins), stride, mel.Slice(t * NMels, 4 * NMels));
        for (; t < count; t++) Apply(spectra.Slice(t * stride, bins), mel.Slice(t * NMels, NMels));
    }

    private void ApplyFour(ReadOnlySpan<float> spectra, int stride, Span<float> mel)
    {
        int bins = Bins, nMels = NMels;
        ref float w0 = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref float x0 = ref MemoryMarshal.GetReference(spectra);
        ref float x1 = ref Unsafe.Add(ref x0, stride), x2 = ref Unsafe.Add(ref x0, 2 * stride), x3 = ref Unsafe.Add(ref x0, 3 * stride);
        for (int m = 0; m < nMels; m++)
        {
            int start = _start[m], length = _length[m], i = 0;
            ref float w = ref Unsafe.Add(ref w0, m * bins + start);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 8 <= length; i += 8)
            {
                Vector256<float> weights = Vector256.LoadUnsafe(ref w, (nuint)i);
                nuint k = (nuint)(start + i);
                a0 = Fma.MultiplyAdd(weights, Vector256.LoadUnsafe(ref x0, k), a0);
                a1 = Fma.MultiplyAdd(weights, Vector256.LoadUnsafe(ref x1, k), a1);
                a2 = Fma.MultiplyAdd(weights, Vector256.LoadUnsafe(ref x2, k), a2);
                a3 = Fma.MultiplyAdd(weights, Vector256.LoadUnsafe(ref x3, k), a3);
            }
            // The four lane sums in one vector: (sum a0, sum a1, sum a2, sum a3).
            Vector256<float> h = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
            Vector128<float> sums = h.GetLower() + h.GetUpper();
            for (; i < length; i++)
            {
                float weight = Unsafe.Add(ref w, i);
                int k = start + i;
                sums += Vector128.Create(Unsafe.Add(ref x0, k), Unsafe.Add(ref x1, k), Unsafe.Add(ref x2, k), Unsafe.Add(ref x3, k)) * weight;
            }
            mel[m] = sums[0];
            mel[nMels + m] = sums[1];
            mel[2 * nMels + m] = sums[2];
            mel[3 * nMels + m] = sums[3];
        }
    }

    /// <summary>A whole spectrogram ((1 + n_fft/2) x frames) to a mel spectrogram (n_mels x frames).</summary>
    public FeatureMatrix Apply(FeatureMatrix spectrogram)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        if (spectrogram.Rows != Bins)
            throw new ArgumentException($"The spectrogram has {spectrogram.Rows} bins, expected {Bins} (n_fft {NFft}).", nameof(spectrogram));
        var mel = new FeatureMatrix(NMels, spectrogram.Columns);
        for (int m = 0; m < NMels; m++)
        {
            Span<float> row = mel.Row(m);
            ReadOnlySpan<float> band = Band(m);
            for (int k = _start[m], end = _start[m] + _length[m]; k < end; k++)
                TensorPrimitives.MultiplyAdd(spectrogram.Row(k), band[k], row, row);
        }
        return mel;
    }
}
