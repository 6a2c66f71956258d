using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Streams librosa.piptrack over the frames of a spectrogram, keeping only its non-zero entries (the interpolated
/// pitch and magnitude of each peak), so that librosa.estimate_tuning can be computed without the full
/// pitch and magnitude matrices. Arithmetic follows librosa's float32 arrays and float64 index arithmetic.
/// Not thread-safe; one instance per signal. Dispose returns the pooled buffers.
/// </summary>
internal sealed class PitchPeaks : IDisposable
{
    private readonly int _sr;
    private readonly int _nFft;
    private readonly int _bins;
    private readonly int _first; // first bin with fmin <= f
    private readonly int _end;   // first bin with f >= fmax
    private readonly float _threshold;
    private float[] _pitches = ArrayPool<float>.Shared.Rent(4096);
    private float[] _magnitudes = ArrayPool<float>.Shared.Rent(4096);
    private int[] _peakBins = ArrayPool<int>.Shared.Rent(4096);

    public PitchPeaks(int sr, int nFft, double fmin = 150.0, double fmax = 4000.0, double threshold = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sr);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        _sr = sr;
        _nFft = nFft;
        _bins = nFft / 2 + 1;
        fmin = Math.Max(fmin, 0);
        fmax = Math.Min(fmax, sr / 2.0);
        double[] freq = MelScale.FftFrequencies(sr, nFft);
        _first = 0;
        while (_first < _bins && !(fmin <= freq[_first])) _first++;
        _end = _first;
        while (_end < _bins && freq[_end] < fmax) _end++;
        _threshold = (float)threshold;
    }

    /// <summary>Number of peaks collected so far.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<float> Pitches => _pitches.AsSpan(0, Count);
    public ReadOnlySpan<float> Magnitudes => _magnitudes.AsSpan(0, Count);

    /// <summary>The STFT bin of each peak.</summary>
    public ReadOnlySpan<int> Bins => _peakBins.AsSpan(0, Count);

    /// <summary>Adds the peaks of one frame (its 1 + n_fft/2 spectrum values, magnitude or power).</summary>
    public void AddFrame(ReadOnlySpan<float> s) => AddFrame(s, System.Numerics.Tensors.TensorPrimitives.Max(s));

    /// <summary><see cref="AddFrame(ReadOnlySpan{float})"/> when the caller already knows the frame's largest value.</summary>
    public void AddFrame(ReadOnlySpan<float> s, float max)
    {
        if (s.Length != _bins) throw new ArgumentException($"The frame has {s.Length} bins, expected {_bins}.", nameof(s));
        float reference = _threshold * max; // threshold * np.max(S, axis=-2), in float32
        int last = _bins - 1;
        int k = Math.Max(_first, 1);
        bool vector = Vector256.IsHardwareAccelerated;
        Vector256<float> limit = Vector256.Create(reference);
        ref float r = ref MemoryMarshal.GetReference(s);
        while (k < _end)
        {
            // Eight bins at a time: a peak exceeds the reference, its left neighbour and (non-strictly) its right one
            // (whether or not those neighbours pass the reference), so only bins passing all three are examined.
            if (vector && k + 8 <= _end && k + 8 < last)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref r, (nuint)k);
                Vector256<float> candidates = Vector256.GreaterThan(x, limit)
                    & Vector256.GreaterThan(x, Vector256.LoadUnsafe(ref r, (nuint)(k - 1)))
                    & Vector256.GreaterThanOrEqual(x, Vector256.LoadUnsafe(ref r, (nuint)(k + 1)));
                for (uint mask = candidates.ExtractMostSignificantBits(); mask != 0; mask &= mask - 1)
                    AddIfPeak(s, k + BitOperations.TrailingZeroCount(mask), reference);
                k += 8;
                continue;
            }
            AddIfPeak(s, k, reference);
            k++;
        }
    }

    /// <summary>librosa.piptrack's test and parabolic interpolation at bin <paramref name="k"/> (1 &lt;= k &lt;= last bin).</summary>
    private void AddIfPeak(ReadOnlySpan<float> s, int k, float reference)
    {
        int last = _bins - 1;
        float x = s[k];
        if (!(x > reference)) return;
        float before = s[k - 1] > reference ? s[k - 1] : 0f;
        if (!(x > before)) return;
        if (k < last)
        {
            float after = s[k + 1] > reference ? s[k + 1] : 0f;
            if (!(x >= after)) return;
        }
        float shift = k < last ? Shift(s[k - 1], x, s[k + 1]) : 0f;
        float avg = k < last ? (s[k + 1] - s[k - 1]) / 2f : s[k] - s[k - 1]; // np.gradient
        float dskew = 0.5f * avg * shift;
        Add(k, (float)((k + (double)shift) * _sr / _nFft), x + dskew);
    }

    /// <summary>
    /// librosa.estimate_tuning over the collected peaks: keep those whose magnitude is at least the median of all
    /// peak magnitudes, then librosa.pitch_tuning of their pitches.
    /// </summary>
    public double EstimateTuning(double resolution = 0.01, int binsPerOctave = 12)
    {
        if (Count == 0) return 0.0; // no pitch: pitch_tuning of an empty set
        float median = Selection.Median(Magnitudes);
        int kept = 0;
        float[] selected = ArrayPool<float>.Shared.Rent(Count);
        try
        {
            for (int i = 0; i < Count; i++)
                if (_magnitudes[i] >= median) selected[kept++] = _pitches[i];
            return Tuning.PitchTuning(selected.AsSpan(0, kept), resolution, binsPerOctave);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(selected);
        }
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_pitches);
        ArrayPool<float>.Shared.Return(_magnitudes);
        ArrayPool<int>.Shared.Return(_peakBins);
        _pitches = [];
        _magnitudes = [];
        _peakBins = [];
    }

    /// <summary>librosa's _pi_stencil under numba: float32 sums, the rest in float64 (2 * x[0] and / 2 promote), stored as float32.</summary>
    internal static float Shift(float before, float x, float after)
    {
        double a = (double)(after + before) - 2.0 * x;
        double b = (double)(after - before) / 2.0;
        if (Math.Abs(b) >= Math.Abs(a)) return 0f;
        return (float)(-b / a);
    }

    private void Add(int bin, float pitch, float magnitude)
    {
        if (Count == _pitches.Length)
        {
            _pitches = Grow(_pitches, Count);
            _magnitudes = Grow(_magnitudes, Count);
            _peakBins = Grow(_peakBins, Count);
        }
        _peakBins[Count] = bin;
        _pitches[Count] = pitch;
        _magnitudes[Count] = magnitude;
        Count++;
    }

    private static T[] Grow<T>(T[] array, int count)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(2 * array.Length);
        array.AsSpan(0, count).CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        return larger;
    }
}
