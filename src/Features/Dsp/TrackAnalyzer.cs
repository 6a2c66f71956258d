using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetGenre.Features.Dsp;

/// <summary>
/// All frame-level handcrafted features of one signal from a single STFT pass: each frame is transformed once and
/// its magnitude and power spectrum feed the spectral descriptors, the mel filterbank and the tuning peak picker
/// while it is in cache; chroma (which needs the tuning of the whole signal) reuses the stored power spectrogram;
/// MFCC and onset strength reuse the dB mel spectrogram; tempo reuses the onset envelope. Each output equals the
/// corresponding librosa function (see the per-feature classes). Thread-safe: scratch memory is rented per call
/// from the shared ArrayPool, nothing is allocated per frame.
/// </summary>
public static class TrackAnalyzer
{
    /// <summary>Analyses <paramref name="y"/> at sample rate <paramref name="sr"/>; <paramref name="timings"/>, when given, accumulates seconds per stage.</summary>
    public static TrackFeatures Analyze(ReadOnlySpan<float> y, int sr, TrackAnalysisOptions? options = null, StageTimings? timings = null)
    {
        options ??= TrackAnalysisOptions.Default;
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sr);
        if (y.IsEmpty) throw new ArgumentException("The signal is empty.", nameof(y));
        var stft = new StftOptions(options.NFft, options.HopLength);
        int frames = Stft.FrameCount(y.Length, stft);
        int bins = stft.Bins, nMels = options.NMels, nChroma = options.NChroma, nMfcc = options.NMfcc;
        MelFilterbank melBank = MelFilterbank.Create(sr, options.NFft, nMels);
        double[] freq = MelScale.FftFrequencies(sr, options.NFft);
        bool timed = timings is not null;
        long stftTicks = 0, spectralTicks = 0, melTicks = 0, chromaTicks = 0;

        var centroid = new float[frames];
        var bandwidth = new float[frames];
        var rolloff = new float[frames];
        ComplexMatrix? complex = options.Hpss ? new ComplexMatrix(bins, frames) : null;
        // Frame-major power spectrogram: frame t at [t * stride, t * stride + bins). Rows padded to whole 64-byte lines
        // keep every row's vectors aligned alike for the filterbank passes.
        int stride = (bins + 15) & ~15;
        float[] powerStore = ArrayPool<float>.Shared.Rent(frames * stride);
        float[] melStore = ArrayPool<float>.Shared.Rent(frames * nMels);    // frame-major
        double[] frameBuffer = ArrayPool<double>.Shared.Rent(options.NFft);
        Complex[] spectrumBuffer = ArrayPool<Complex>.Shared.Rent(bins);
        float[] magnitudeBuffer = ArrayPool<float>.Shared.Rent(bins);
        var peaks = new PitchPeaks(sr, options.NFft);
        var undecided = new UndecidedRolloffs(bins);
        try
        {
            Span<float> magnitude = magnitudeBuffer.AsSpan(0, bins);
            Span<Complex> spectrum = spectrumBuffer.AsSpan(0, bins);
            float rollPercent = (float)options.RollPercent;
            for (int t = 0; t < frames; t++)
            {
                long t0 = timed ? Stopwatch.GetTimestamp() : 0;
                Span<float> power = powerStore.AsSpan(t * stride, bins);
                float peak = Stft.MagnitudeAndPowerFrame(y, t, stft, frameBuffer, spectrum, magnitude, power);
                if (complex is not null)
                {
                    // HPSS needs the complex STFT too; the spectral features stay those of the path above.
                    Stft.Frame(y, t, stft, frameBuffer, spectrum);
                    for (int k = 0, index = t; k < bins; k++, index += frames)
                    {
                        complex.Real[index] = (float)spectrum[k].Real;
                        complex.Imaginary[index] = (float)spectrum[k].Imaginary;
                    }
                }
                long t1 = timed ? Stopwatch.GetTimestamp() : 0;
                (double c, double b, double r) = SpectralDescriptors.FrameOrUndecided(magnitude, freq, rollPercent);
                centroid[t] = (float)c;
                bandwidth[t] = (float)b;
                rolloff[t] = (float)r;
                if (double.IsNaN(r)) undecided.Add(t, magnitude);
                long t2 = timed ? Stopwatch.GetTimestamp() : 0;
                peaks.AddFrame(power, peak);
                long t3 = timed ? Stopwatch.GetTimestamp() : 0;
                // The mel filterbank every four frames, while their power spectra are still in cache.
                if (t % 4 == 3 || t == frames - 1)
                {
                    int first = t - t % 4, count = t - first + 1;
                    melBank.ApplyFrames(powerStore.AsSpan(first * stride, (count - 1) * stride + bins), stride, melStore.AsSpan(first * nMels, count * nMels));
                }
                if (timed)
                {
                    long t4 = Stopwatch.GetTimestamp();
                    stftTicks += t1 - t0;
                    spectralTicks += t2 - t1;
                    chromaTicks += t3 - t2;
                    melTicks += t4 - t3;
                }
            }

            // Roll-offs too close to call from double sums: librosa's float32 running sums, several frames at a time.
            long sRolloff = timed ? Stopwatch.GetTimestamp() : 0;
            undecided.Settle(freq, rollPercent, rolloff);
            if (timed) spectralTicks += Stopwatch.GetTimestamp() - sRolloff;

            // Chroma: the tuning needs every frame's peaks, then the filterbank runs over the stored power spectrogram.
            long s0 = timed ? Stopwatch.GetTimestamp() : 0;
            double tuning = peaks.EstimateTuning(0.01, nChroma);
            ChromaFilterbank chromaBank = ChromaFilterbank.Create(sr, options.NFft, nChroma, tuning);
            var chroma = new FeatureMatrix(nChroma, frames);
            Span<float> chromaBlock = stackalloc float[4 * nChroma];
            for (int t = 0; t < frames; t += 4)
            {
                int count = Math.Min(4, frames - t);
                chromaBank.ApplyFrames(powerStore.AsSpan(t * stride, (count - 1) * stride + bins), stride, chromaBlock);
                for (int i = 0; i < count; i++)
                {
                    Span<float> column = chromaBlock.Slice(i * nChroma, nChroma);
                    Chroma.NormalizeFrame(column, double.PositiveInfinity);
                    for (int c = 0; c < nChroma; c++) chroma.Data[c * frames + t + i] = column[c];
                }
            }

            // Mel in dB (top_db over the whole spectrogram), then MFCC per frame.
            long s1 = timed ? Stopwatch.GetTimestamp() : 0;
            Span<float> melDb = melStore.AsSpan(0, frames * nMels);
            Decibels.PowerToDbInPlace(melDb);
            long s2 = timed ? Stopwatch.GetTimestamp() : 0;
            var mfcc = new FeatureMatrix(nMfcc, frames);
            ReadOnlySpan<float> dct = Mfcc.DctMatrixSingle(nMels, nMfcc);
            Span<float> mfccColumn = stackalloc float[nMfcc];
            for (int t = 0; t < frames; t++)
            {
                Mfcc.Frame(melDb.Slice(t * nMels, nMels), dct, mfccColumn);
                for (int k = 0; k < nMfcc; k++) mfcc.Data[k * frames + t] = mfccColumn[k];
            }

            // Onset strength (lag 1, centred) and tempo.
            long s3 = timed ? Stopwatch.GetTimestamp() : 0;
            float[] onset = OnsetFromFrameMajor(melDb, frames, nMels, options.NFft, options.HopLength);
            double tempo = Dsp.Tempo.Estimate(onset, sr, options.HopLength, options.StartBpm);

            long s4 = timed ? Stopwatch.GetTimestamp() : 0;
            float[] rms = Rms.Compute(y, options.NFft, options.HopLength);
            float[] zcr = ZeroCrossingRate.Compute(y, options.NFft, options.HopLength);

            long s5 = timed ? Stopwatch.GetTimestamp() : 0;
            float[]? harmonic = null, percussive = null;
            if (complex is not null) (harmonic, percussive) = Dsp.Hpss.Separate(complex, y.Length, stft);
            long s6 = timed ? Stopwatch.GetTimestamp() : 0;

            if (timings is not null)
            {
                double f = Stopwatch.Frequency;
                timings.Stft += stftTicks / f;
                timings.Spectral += spectralTicks / f;
                timings.Mel += (melTicks + (s2 - s1)) / f;
                timings.Chroma += (chromaTicks + (s1 - s0)) / f;
                timings.Mfcc += (s3 - s2) / f;
                timings.Tempo += (s4 - s3) / f;
                timings.TimeDomain += (s5 - s4) / f;
                timings.Hpss += (s6 - s5) / f;
            }
            return new TrackFeatures
            {
                Chroma = chroma,
                Tuning = tuning,
                Mfcc = mfcc,
                Rms = rms,
                SpectralCentroid = centroid,
                SpectralBandwidth = bandwidth,
                SpectralRolloff = rolloff,
                ZeroCrossingRate = zcr,
                OnsetStrength = onset,
                Tempo = tempo,
                Harmonic = harmonic,
                Percussive = percussive,
            };
        }
        finally
        {
            peaks.Dispose();
            undecided.Dispose();
            ArrayPool<float>.Shared.Return(powerStore);
            ArrayPool<float>.Shared.Return(melStore);
            ArrayPool<double>.Shared.Return(frameBuffer);
            ArrayPool<Complex>.Shared.Return(spectrumBuffer);
            ArrayPool<float>.Shared.Return(magnitudeBuffer);
        }
    }

    /// <summary>onset_strength (lag 1, max_size 1, centred) from a frame-major dB mel spectrogram.</summary>
    private static float[] OnsetFromFrameMajor(ReadOnlySpan<float> melDb, int frames, int nMels, int nFft, int hopLength)
    {
        const int lag = 1;
        int shift = lag + nFft / (2 * hopLength);
        var onset = new float[frames];
        for (int t = shift; t < frames; t++)
        {
            int j = t - shift; // flux between frames j and j + lag
            if (j + lag >= frames) break;
            ReadOnlySpan<float> current = melDb.Slice((j + lag) * nMels, nMels), previous = melDb.Slice(j * nMels, nMels);
            // max(0, S[m, t] - S[m, t - 1]) in float32 as numpy, summed in float32 lanes then double.
            int m = 0;
            double sum = 0;
            if (nMels >= 8)
            {
                Vector256<float> acc = Vector256<float>.Zero;
                ref float c = ref MemoryMarshal.GetReference(current), p = ref MemoryMarshal.GetReference(previous);
                for (; m + 8 <= nMels; m += 8)
                    acc += Vector256.MaxNative(Vector256.LoadUnsafe(ref c, (nuint)m) - Vector256.LoadUnsafe(ref p, (nuint)m), Vector256<float>.Zero);
                for (int l = 0; l < 8; l++) sum += acc[l];
            }
            for (; m < nMels; m++)
            {
                float d = current[m] - previous[m];
                if (d > 0) sum += d;
            }
            onset[t] = (float)(sum / nMels);
        }
        return onset;
    }
}
