namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Seconds spent per stage of <see cref="TrackAnalyzer.Analyze"/>, accumulated over calls (for benchmarks).
/// Not thread-safe: use one instance per thread and <see cref="Add"/> them afterwards.
/// </summary>
public sealed class StageTimings
{
    /// <summary>Framing, windowing, FFT and |X| / |X|^2 of every frame (shared by all spectral features).</summary>
    public double Stft { get; set; }
    /// <summary>Centroid, bandwidth and roll-off.</summary>
    public double Spectral { get; set; }
    /// <summary>Mel filterbank and power_to_db.</summary>
    public double Mel { get; set; }
    /// <summary>DCT of the dB mel spectrogram.</summary>
    public double Mfcc { get; set; }
    /// <summary>Peak picking for the tuning, tuning estimate, chroma filterbank and normalisation.</summary>
    public double Chroma { get; set; }
    /// <summary>Onset strength, tempogram and tempo.</summary>
    public double Tempo { get; set; }
    /// <summary>ZCR and RMS from the samples.</summary>
    public double TimeDomain { get; set; }
    /// <summary>Median-filtering HPSS and the two inverse STFTs (only when requested).</summary>
    public double Hpss { get; set; }

    public double Total => Stft + Spectral + Mel + Mfcc + Chroma + Tempo + TimeDomain + Hpss;

    public void Add(StageTimings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Stft += other.Stft;
        Spectral += other.Spectral;
        Mel += other.Mel;
        Mfcc += other.Mfcc;
        Chroma += other.Chroma;
        Tempo += other.Tempo;
        TimeDomain += other.TimeDomain;
        Hpss += other.Hpss;
    }
}
