namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// The per-track choices drawn from the seed before rendering: tempo (BPM), key (pitch class of the
/// tonic, 0 = C), swing ratio (0.5 straight, 0.667 triplet), output peak level, noise floor in dB
/// below the music's RMS, tuning offset in cents and reverb mix. Everything else (instrument mix,
/// patterns, voicings) is drawn while composing, from the same <see cref="TrackSeed"/>.
/// </summary>
public sealed record SyntheticTrackPlan(
    string Genre,
    int TrackIndex,
    int Seed,
    ulong TrackSeed,
    double Bpm,
    int KeyRoot,
    double Swing,
    double PeakLevel,
    double NoiseDb,
    double TuningCents,
    double Reverb);
