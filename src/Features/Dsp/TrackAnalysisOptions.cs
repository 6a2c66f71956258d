namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Parameters of <see cref="TrackAnalyzer"/>, librosa 0.11 defaults: n_fft 2048, hop_length 512 (also the frame and
/// hop of ZCR and RMS), 128 Slaney mel bands, 20 MFCCs, 12 chroma bins with estimated tuning, tempo with start_bpm 120.
/// <see cref="Hpss"/> adds librosa.effects.hpss (kernel 31, power 2, margin 1), which needs the complex STFT kept.
/// </summary>
public sealed record TrackAnalysisOptions(
    int NFft = 2048,
    int HopLength = 512,
    int NMels = 128,
    int NMfcc = 20,
    int NChroma = 12,
    double RollPercent = 0.85,
    double StartBpm = 120.0,
    bool Hpss = false)
{
    public static TrackAnalysisOptions Default { get; } = new();

    /// <summary>Throws a clear error for parameters librosa would reject.</summary>
    public void Validate()
    {
        new StftOptions(NFft, HopLength).Validate();
        if (NMels < 1) throw new ArgumentOutOfRangeException(nameof(NMels), NMels, "n_mels must be at least 1.");
        if (NMfcc < 1 || NMfcc > NMels) throw new ArgumentOutOfRangeException(nameof(NMfcc), NMfcc, $"n_mfcc must be between 1 and n_mels ({NMels}).");
        if (NChroma < 1) throw new ArgumentOutOfRangeException(nameof(NChroma), NChroma, "n_chroma must be at least 1.");
        if (!(RollPercent > 0 && RollPercent < 1)) throw new ArgumentOutOfRangeException(nameof(RollPercent), RollPercent, "roll_percent must lie in (0, 1).");
        if (!(StartBpm > 0)) throw new ArgumentOutOfRangeException(nameof(StartBpm), StartBpm, "start_bpm must be strictly positive.");
    }
}
