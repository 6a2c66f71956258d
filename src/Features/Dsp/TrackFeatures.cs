namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Frame-level features of one signal from <see cref="TrackAnalyzer"/>, each as the librosa function with the
/// analyzer's parameters returns it (one column per STFT frame).
/// </summary>
public sealed class TrackFeatures
{
    /// <summary>chroma_stft (estimated tuning, inf-norm per frame): n_chroma x frames.</summary>
    public required FeatureMatrix Chroma { get; init; }
    /// <summary>The tuning chroma_stft estimated from the power spectrogram, in fractions of a chroma bin.</summary>
    public required double Tuning { get; init; }
    /// <summary>feature.mfcc: n_mfcc x frames.</summary>
    public required FeatureMatrix Mfcc { get; init; }
    public required float[] Rms { get; init; }
    public required float[] SpectralCentroid { get; init; }
    public required float[] SpectralBandwidth { get; init; }
    public required float[] SpectralRolloff { get; init; }
    public required float[] ZeroCrossingRate { get; init; }
    /// <summary>onset.onset_strength from the dB mel spectrogram.</summary>
    public required float[] OnsetStrength { get; init; }
    /// <summary>feature.tempo (BPM), one of librosa's discrete lag values.</summary>
    public required double Tempo { get; init; }
    /// <summary>effects.hpss harmonic signal; null unless requested.</summary>
    public float[]? Harmonic { get; init; }
    /// <summary>effects.hpss percussive signal; null unless requested.</summary>
    public float[]? Percussive { get; init; }

    public int Frames => Rms.Length;
}
