using System.Collections.Concurrent;
using MlNetGenre.Features.Dsp;
using MlNetGenre.Testing;
using Xunit.Abstractions;

namespace MlNetGenre.Features.Tests;

/// <summary>
/// Parity with librosa 0.11 on the five reference clips of shared/data/reference (first 5 s at the native rate).
/// Tolerances are max |error| relative to the largest |value| of each reference array. The references are
/// float32 (librosa rounds the STFT to complex64 and does the mel product, power_to_db and DCT in float32),
/// and we compute in double, so what remains is their rounding: measured at most 2.2e-7 of the scale on every
/// array and clip. The tolerance, 1e-4, is the project's parity target; it leaves room for a float32 fast path
/// and still catches any real mistake (a periodic/symmetric window, missing centre padding, a wrong mel edge
/// or normalisation, a non-orthonormal DCT each move these arrays by 1e-3 of their scale or more).
/// Run with `--logger "console;verbosity=detailed"` to see the measured errors (lines starting with PARITY).
/// </summary>
public sealed class DspParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    /// <summary>The reference JSON writes numbers with 9 decimals: each is exact to within 5e-10.</summary>
    private const double JsonQuantum = 5e-10 * (1 + 1e-6);

    private static readonly ConcurrentDictionary<string, Lazy<Computed>> Results = new();

    public static TheoryData<string> Clips => ReferenceClip.Names;

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Decoded_samples_equal_librosa_load(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        float[] samples = Get(clip).Samples;
        Assert.Equal(reference.NSamples, samples.Length);
        // The JSON keeps 9 decimals, so a value is known to within half a unit of the 9th decimal (5e-10);
        // 16-bit samples are multiples of 2^-15, so anything but the right sample is off by >= 3e-5.
        for (int i = 0; i < reference.SamplesFirst16.Length; i++)
            Assert.True(Math.Abs(samples[i] - reference.SamplesFirst16[i]) <= JsonQuantum,
                $"sample {i}: decoded {samples[i]:G9}, librosa {reference.SamplesFirst16[i]:G9}");
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Frame_count_matches(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        var options = new StftOptions(reference.NFft, reference.HopLength);
        Assert.Equal(reference.NFrames, Stft.FrameCount(reference.NSamples, options));
        Assert.Equal(reference.NFrames, Get(clip).Magnitude.Columns);
        Assert.Equal(reference.NFrames, Get(clip).Mel.Columns);
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Stft_magnitude_of_frame_10_matches(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        FeatureMatrix magnitude = Get(clip).Magnitude;
        Assert.Equal(reference.StftMagnitudeFrame10.Length, magnitude.Rows);
        float[] frame10 = Enumerable.Range(0, magnitude.Rows).Select(k => magnitude[k, 10]).ToArray();
        Report(clip, "stft_magnitude_frame10", Parity.AssertClose(frame10, reference.StftMagnitudeFrame10, Tolerance, "stft_magnitude_frame10"));
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Mel_filterbank_band_sums_match(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        MelFilterbank filterbank = MelFilterbank.Create(reference.SampleRate, reference.NFft);
        float[] sums = filterbank.SumPerBand().Select(s => (float)s).ToArray();
        Report(clip, "mel_filterbank_sum_per_band",
            Parity.AssertClose(sums, reference.MelFilterbankSumPerBand, Tolerance, "mel_filterbank_sum_per_band"));
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Mel_power_matches(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        FeatureMatrix mel = Get(clip).Mel;
        AssertShape(reference.MelPower, mel);
        Report(clip, "mel_power", Parity.AssertClose(mel.Data, reference.MelPower.Data, Tolerance, "mel_power", mel.Columns));
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Log_mel_db_matches(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        FeatureMatrix logMel = Get(clip).LogMel;
        AssertShape(reference.LogMelDb, logMel);
        Report(clip, "log_mel_db", Parity.AssertClose(logMel.Data, reference.LogMelDb.Data, Tolerance, "log_mel_db", logMel.Columns));
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Mfcc_matches(string clip)
    {
        ReferenceClip reference = ReferenceClip.Load(clip);
        FeatureMatrix mfcc = Get(clip).Mfcc;
        AssertShape(reference.Mfcc, mfcc);
        Report(clip, "mfcc", Parity.AssertClose(mfcc.Data, reference.Mfcc.Data, Tolerance, "mfcc", mfcc.Columns));
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Power_to_db_of_librosa_mel_matches_librosa(string clip)
    {
        // Isolates power_to_db from the STFT and mel stages: same input as librosa, so only float32 rounding
        // (1e-6 of the scale) and the JSON's 9-decimal rounding of small powers P remain: an input known to
        // within 5e-10 gives a dB value known to within (10 / ln 10) 5e-10 / P, which is allowed on top.
        ReferenceClip reference = ReferenceClip.Load(clip);
        FeatureMatrix melPower = ToMatrix(reference.MelPower);
        float[] db = Decibels.PowerToDb(melPower).Data;
        double[] expected = reference.LogMelDb.Data;
        double scale = expected.Max(Math.Abs), worst = 0;
        for (int i = 0; i < db.Length; i++)
        {
            double p = reference.MelPower.Data[i];
            double inputUncertainty = 10 / Math.Log(10) * JsonQuantum / Math.Max(p - JsonQuantum, 1e-10);
            double error = Math.Abs(db[i] - expected[i]);
            Assert.True(error <= 1e-6 * scale + inputUncertainty,
                $"power_to_db at [{i / melPower.Columns}, {i % melPower.Columns}]: ours {db[i]:G9}, librosa {expected[i]:G9} (power {p:G6})");
            if (p > 1e-3) worst = Math.Max(worst, error / scale);
        }
        Report(clip, "power_to_db(ref mel, P > 1e-3)", worst);
    }

    [SharedDataTheory]
    [MemberData(nameof(Clips))]
    public void Mfcc_of_librosa_log_mel_matches_librosa(string clip)
    {
        // Isolates the DCT: scipy computes it in float32, hence a tolerance of 1e-6 of the scale.
        ReferenceClip reference = ReferenceClip.Load(clip);
        FeatureMatrix mfcc = Mfcc.FromLogMel(ToMatrix(reference.LogMelDb), reference.Mfcc.Rows);
        Report(clip, "dct(ref log_mel_db)", Parity.AssertClose(mfcc.Data, reference.Mfcc.Data, 1e-6, "DCT of the reference log_mel_db", mfcc.Columns));
    }

    private void Report(string clip, string array, double relative) =>
        output.WriteLine($"PARITY {clip} {array} max_rel_error={relative:E3}");

    private static void AssertShape(ReferenceMatrix expected, FeatureMatrix actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
    }

    private static FeatureMatrix ToMatrix(ReferenceMatrix m) =>
        new(m.Rows, m.Columns, m.Data.Select(v => (float)v).ToArray());

    private static Computed Get(string clip) =>
        Results.GetOrAdd(clip, name => new Lazy<Computed>(() => Computed.For(ReferenceClip.Load(name)))).Value;

    /// <summary>Our outputs for one clip, computed once per test run.</summary>
    private sealed record Computed(float[] Samples, FeatureMatrix Magnitude, FeatureMatrix Mel, FeatureMatrix LogMel, FeatureMatrix Mfcc)
    {
        public static Computed For(ReferenceClip reference)
        {
            float[] y = reference.LoadSamples();
            int sr = reference.SampleRate;
            var mel = new MelOptions(NFft: reference.NFft, HopLength: reference.HopLength);
            FeatureMatrix melPower = MelSpectrogram.Compute(y, sr, mel);
            FeatureMatrix logMel = Decibels.PowerToDb(melPower);
            return new Computed(
                y,
                Stft.Magnitude(y, mel.StftOptions),
                melPower,
                logMel,
                Dsp.Mfcc.Compute(y, sr, reference.Mfcc.Rows, mel));
        }
    }
}
