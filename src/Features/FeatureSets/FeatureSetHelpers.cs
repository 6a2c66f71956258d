using System.Globalization;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>Shared pieces of the feature sets: invariant formatting, sample-rate checks, clip fitting, statistics.</summary>
internal static class FeatureSetHelpers
{
    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    public static string Invariant(bool value) => value ? "true" : "false";

    /// <summary>
    /// The front-end description a set writes into every exported model: its name, the sample rate, the clip length (2-D
    /// sets), every option (the canonical text of its options record, so nothing is restated by hand) and the set's fixed
    /// choices that are not options (window, padding, mel scale, layout...).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Describe(string set, int sampleRate, int? clipSamples, object options, params (string Key, string Value)[] fixedChoices)
    {
        var description = new Dictionary<string, string>(Core.Options.OptionBinder.ToText(options), StringComparer.Ordinal)
        {
            ["set"] = set,
            ["sample_rate"] = Invariant(sampleRate),
        };
        if (clipSamples is { } clip) description["clip_samples"] = Invariant(clip);
        foreach (var (key, value) in fixedChoices) description[key] = value;
        return description;
    }

    /// <summary>The fixed choices every 2-D set shares.</summary>
    public static readonly (string, string)[] MatrixChoices = [("window", "hann"), ("pad_mode", "constant"), ("clip_fit", "trim-or-zero-pad-end")];

    /// <summary>A clear error when a signal's rate is not the one the set was built for.</summary>
    public static void CheckRate(string set, int expected, AudioSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.SampleRate != expected)
            throw new ArgumentException(
                $"Feature set '{set}' was configured for {expected} Hz audio but got a {signal.SampleRate} Hz signal. " +
                "Resample the audio to the set's sample rate first (audio sample_rate in the experiment YAML).", nameof(signal));
        if (signal.Samples.Length == 0)
            throw new ArgumentException($"Feature set '{set}' got an empty signal.", nameof(signal));
    }

    /// <summary>
    /// The first <paramref name="clipSamples"/> samples of <paramref name="samples"/>, zero-padded at the end when
    /// the signal is shorter (the policy of every 2-D set, so all items share one shape).
    /// </summary>
    public static ReadOnlySpan<float> FitToClip(float[] samples, int clipSamples)
    {
        if (samples.Length == clipSamples) return samples;
        if (samples.Length > clipSamples) return samples.AsSpan(0, clipSamples);
        var padded = new float[clipSamples];
        samples.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>Mean then population variance of a row, into <paramref name="target"/>[index], [index + 1].</summary>
    public static void MeanVariance(ReadOnlySpan<float> values, float[] target, int index)
    {
        (double mean, double variance) = FrameStatistics.MeanVariance(values);
        target[index] = (float)mean;
        target[index + 1] = (float)variance;
    }

    /// <summary>The number of STFT frames for a clip: 1 + clip / hop centred, 1 + (clip - n_fft) / hop otherwise.</summary>
    public static int Frames(int clipSamples, int nFft, int hopLength, bool center) =>
        Stft.FrameCount(clipSamples, new StftOptions(nFft, hopLength, center));
}
