namespace MlNetGenre.Features.Synthetic;

/// <summary>What a genre style composes with: the synthesiser, the groove, a random stream and the track's plan.</summary>
internal sealed class TrackContext(Synth synth, Groove groove, SynthRandom rng, SyntheticTrackPlan plan)
{
    public Synth Synth { get; } = synth;
    public Groove Groove { get; } = groove;
    public SynthRandom Rng { get; } = rng;
    public SyntheticTrackPlan Plan { get; } = plan;

    /// <summary>Pitch class of the tonic (0 = C).</summary>
    public int Key => Plan.KeyRoot;

    /// <summary>Gain into the amplifier's soft clipper; the drive bus is only mixed when <see cref="DriveLevel"/> is positive.</summary>
    public double DriveGain { get; set; } = 1.0;
    public double CabinetHz { get; set; } = 4000;
    public double TightenHz { get; set; } = 90;
    public double DriveLevel { get; set; }

    /// <summary>
    /// Plays a drum pattern over one bar: one character per step ('.' rest, 'o' ghost, 'x' normal,
    /// 'X' accent), 16 characters for sixteenths.
    /// </summary>
    public void Play(DrumKit kit, float[][] drum, string pattern, int bar, double gain)
    {
        double step = 16.0 / pattern.Length;
        for (int i = 0; i < pattern.Length; i++)
        {
            double v = pattern[i] switch { 'X' => 1.0, 'x' => 0.72, 'o' => 0.32, _ => 0.0 };
            if (v > 0) kit.Hit(drum, Groove.Hit(bar, i * step), gain * Humanise(v));
        }
    }

    /// <summary>A velocity with a little random variation (about +-8 %).</summary>
    public double Humanise(double velocity) => velocity * Math.Clamp(1.0 + 0.08 * Rng.Gaussian(), 0.75, 1.25);

    /// <summary>Plays a chord with the notes spread by <paramref name="strum"/> seconds (low to high, or high to low when negative).</summary>
    public void Chord(float[] bus, double time, double duration, int[] notes, double velocity, Instrument inst, double strum = 0)
    {
        for (int i = 0; i < notes.Length; i++)
        {
            int order = strum >= 0 ? i : notes.Length - 1 - i;
            Synth.Note(bus, time + Math.Abs(strum) * order, duration, notes[i], Humanise(velocity), inst);
        }
    }
}
