namespace MlNetGenre.Features.Audio;

/// <summary>
/// What every decoded signal must be before anything computes on it, whichever decoder produced it: a usable rate
/// (so resampling stays bounded by the file's real size) and finite samples of audio scale (so no feature, and no
/// prediction, ever sees infinity or NaN). Shared by training and prediction.
/// </summary>
public static class AudioChecks
{
    /// <summary>Sample rates audio files really use: 1 kHz (telephony is 8 kHz) to 768 kHz (DXD is 352.8 kHz).</summary>
    public const int MinSampleRate = 1_000, MaxSampleRate = 768_000;

    /// <summary>Decoded samples are nominally in [-1, 1); float files may overshoot a little, never by this much.</summary>
    public const float MaxMagnitude = 1_000f;

    public static void SampleRate(string name, long rate)
    {
        if (rate is < MinSampleRate or > MaxSampleRate)
            throw new AudioDecodeException(name, $"declares a sample rate of {rate} Hz, outside the {MinSampleRate}-{MaxSampleRate} Hz of real audio (a damaged header?)",
                "Re-encode it (e.g. ffmpeg -i in -ar 22050 out.wav) or remove it from the dataset");
    }

    public static void Samples(string name, ReadOnlySpan<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            float v = samples[i];
            if (!float.IsFinite(v) || Math.Abs(v) > MaxMagnitude)
                throw new AudioDecodeException(name, $"holds a sample of {v} at {i} (finite samples of about -1 to 1 are audio; this is a damaged or non-audio file)",
                    "Re-encode it or remove it from the dataset");
        }
    }
}
