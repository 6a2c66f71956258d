namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Boom-bap hip hop: swung sixteenth hats, heavy kick and snare, sub bass, a dark sampled loop.</summary>
internal sealed class HiphopStyle : GenreStyle
{
    private static readonly string[] KickPatterns = ["x......x..x.....", "x.........x..x..", "x..x......x.....", "x......x.xx.....", "x.x.......x...x."];
    private static readonly (int Root, int[] Quality)[][] Loops =
    [
        [(0, Harmony.Minor9), (8, Harmony.Major7)],
        [(0, Harmony.Minor7), (5, Harmony.Minor7)],
        [(0, Harmony.Minor9), (5, Harmony.Minor9), (8, Harmony.Major7), (7, Harmony.Dominant7)],
        [(0, Harmony.Minor7), (10, Harmony.Dominant7), (8, Harmony.Major7), (8, Harmony.Major7)],
    ];

    public override SyntheticGenre Genre { get; } = new(
        "hiphop", 78, 100,
        Rhythm: "boom-bap: kick on 1 plus syncopated sixteenths, loud snare/clap on 2 and 4, swung sixteenth hi-hats",
        Bass: "808-style sub bass with long decay and glides, following the kick",
        Harmony: "looped minor progressions of one to four bars (i9-bVImaj7, i7-iv7, i-bVII-bVI)",
        Timbre: "low-passed electric piano or piano sample loop with a short motif, dark and bass-heavy, vinyl crackle");

    public override (double Min, double Max) Swing => (0.52, 0.62);
    public override int SwingUnit => 1;
    public override double Humanise => 0.004;
    public override (double Min, double Max) ReverbWet => (0.03, 0.12);

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec
        {
            KickStartHz = 120, KickEndHz = 46, KickDecay = 0.32, KickDrive = 1.8, KickClick = 0.25,
            SnareToneHz = 180, SnareNoiseDecay = 0.17, SnareHighPass = 700, SnareLowPass = 6000, ClosedHatDecay = 0.03,
        }.Vary(rng));
        string kick = rng.Pick(KickPatterns), kick2 = rng.Pick(KickPatterns);
        var loop = rng.Pick(Loops);
        bool clap = rng.Chance(0.5), sixteenthHats = rng.Chance(0.5), motifOn = rng.Chance(0.6), crackle = rng.Chance(0.7);
        double drums = rng.Uniform(0.65, 1.0), bassGain = rng.Uniform(0.5, 0.9), loopGain = rng.Uniform(0.2, 0.4);
        double loopLowPass = rng.Uniform(1200, 3000);
        var sub = Instruments.SubBass(rng);
        var keys = rng.Chance(0.6) ? Instruments.ElectricPiano(rng, lowPass: loopLowPass) : LowPassedPiano(rng, loopLowPass);
        int bassLow = Harmony.Place(ctx.Key, 29);
        int motifBase = Harmony.Place(ctx.Key, 67);
        int[] motif = [.. Enumerable.Range(0, 4).Select(_ => Harmony.Degree(Harmony.MinorPentatonic, rng.Next(0, 6)))];
        double[] motifSteps = rng.Chance(0.5) ? [0, 3, 6, 10] : [2, 4, 8, 11];
        int[]? voicing = null;
        double previousBass = double.NaN;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            var (root, quality) = loop[bar % loop.Length];
            int chordRoot = ctx.Key + root;
            string k = bar % 4 == 3 ? kick2 : kick;
            ctx.Play(kit, kit.Kick, k, bar, drums);
            ctx.Play(kit, kit.Snare, "....X.......X...", bar, drums * 0.9);
            if (clap) ctx.Play(kit, kit.Clap, "....x.......x...", bar, drums * 0.6);
            string hats = sixteenthHats ? "xoxoxoxoxoxoxoxo" : "x.x.x.x.x.x.x.x.";
            if (bar % 4 == 3 && rng.Chance(0.5)) hats = hats[..12] + "xxxx";
            ctx.Play(kit, kit.ClosedHat, hats, bar, drums * 0.45);

            int bassNote = Harmony.Place(chordRoot, bassLow);
            for (int s = 0; s < 16; s++)
            {
                if (k[s] != 'x') continue;
                int next = k.IndexOf('x', s + 1);
                double length = (next < 0 ? 16 : next) - s;
                int pitch = s > 0 && rng.Chance(0.25) ? bassNote + (rng.Chance(0.5) ? 7 : 12) : bassNote;
                double bend = !double.IsNaN(previousBass) && rng.Chance(0.2) ? previousBass : double.NaN;
                synth.Note(synth.Main, g.Hit(bar, s), g.Steps(bar, length * 0.95), pitch, ctx.Humanise(bassGain), sub, bend, 0.07);
                previousBass = pitch;
            }

            voicing = Harmony.Voice(chordRoot, quality, 60, voicing, rng);
            ctx.Chord(synth.Main, g.Hit(bar, 0), g.Steps(bar, 7), voicing, loopGain, keys, 0.01);
            ctx.Chord(synth.Main, g.Hit(bar, 10), g.Steps(bar, 5), voicing, loopGain * 0.7, keys, 0.01);
            if (motifOn)
                for (int i = 0; i < motif.Length; i++)
                    synth.Note(synth.Main, g.Hit(bar, motifSteps[i]), g.Steps(bar, 2), motifBase + motif[i], ctx.Humanise(loopGain * 0.8), keys);
        }

        if (crackle) AddCrackle(synth, rng);
    }

    private static Instrument LowPassedPiano(SynthRandom rng, double lowPass)
    {
        var p = Instruments.Piano(rng);
        return new Instrument
        {
            Bright = p.Bright, Mellow = p.Mellow, MellowTime = p.MellowTime, Attack = p.Attack, Decay = p.Decay, Sustain = 0,
            Release = p.Release, Unison = 1, LowPass = lowPass,
        };
    }

    private static void AddCrackle(Synth synth, SynthRandom rng)
    {
        var click = new float[12];
        for (int i = 0; i < click.Length; i++) click[i] = synth.Noise() * (1f - i / 12f);
        double seconds = (double)synth.OutputLength / synth.SampleRate;
        double rate = rng.Uniform(4, 15), level = rng.Uniform(0.02, 0.08);
        for (double t = 0; t < seconds; t += -Math.Log(1.0 - rng.NextDouble()) / rate)
            synth.Sample(synth.Main, click, t, level * rng.Uniform(0.3, 1.0));
    }
}
