namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// A pitched voice: an additive spectrum (harmonic amplitudes, optionally cross-faded from a bright
/// attack spectrum to a mellow one, as piano and plucked-string partials decay), an ADSR envelope,
/// unison detune, vibrato, a noise component (hammer, pluck, breath) and an optional low-pass filter
/// (applied to the harmonics of the wavetable, which is what it does to a periodic tone).
/// Instances are compared by reference: the synthesiser caches one wavetable per instance and note.
/// </summary>
internal sealed class Instrument
{
    /// <summary>Amplitude of harmonic k (k = 1 is the fundamental) at the attack.</summary>
    public required Func<int, double> Bright { get; init; }

    /// <summary>Spectrum the sound settles to after <see cref="MellowTime"/>; null keeps the bright one.</summary>
    public Func<int, double>? Mellow { get; init; }

    public double MellowTime { get; init; } = 0.2;
    public int MaxHarmonics { get; init; } = 48;
    public double Attack { get; init; } = 0.005;
    public double Decay { get; init; } = 0.5;
    public double Sustain { get; init; } = 1.0;
    public double Release { get; init; } = 0.05;
    public double VibratoRate { get; init; }
    public double VibratoSemitones { get; init; }
    public double VibratoDelay { get; init; } = 0.2;
    public int Unison { get; init; } = 1;
    public double DetuneCents { get; init; }
    public double Noise { get; init; }
    public double NoiseDecay { get; init; } = 0.01;
    public double NoiseHighPass { get; init; } = 1000;
    public double LowPass { get; init; }
    public double LowPassKeyTrack { get; init; }
    public double Gain { get; init; } = 1.0;
}
