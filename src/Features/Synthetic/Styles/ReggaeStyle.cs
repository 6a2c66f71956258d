namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Roots reggae: one-drop drums, dub bass riff, off-beat skank and organ bubble.</summary>
internal sealed class ReggaeStyle : GenreStyle
{
    private static readonly (int Step, int Degree, double Length)[][] BassRiffs =
    [
        [(0, 0, 3), (3, 0, 1), (6, 4, 2), (8, 7, 2), (10, 6, 2), (12, 4, 3)],
        [(2, 0, 2), (4, 0, 3), (8, 4, 2), (10, 3, 2), (12, 2, 2), (14, 0, 2)],
        [(0, 0, 6), (6, 4, 2), (8, 3, 4), (12, 2, 2), (14, 1, 2)],
        [(4, 0, 2), (6, 0, 2), (8, 4, 3), (11, 7, 1), (12, 6, 2), (14, 4, 2)],
    ];

    private static readonly (int Degree, bool Minor)[][] Vamps =
    [
        [(0, false), (3, false)],
        [(0, false), (4, false)],
        [(0, true), (3, true)],
        [(0, true), (6, false)],
        [(0, false), (1, true), (4, false), (0, false)],
    ];

    public override SyntheticGenre Genre { get; } = new(
        "reggae", 66, 90,
        Rhythm: "one drop: kick and rim-shot together on beat 3 only, eighth hi-hats; some tracks steppers (kick on every beat) or rockers",
        Bass: "deep, round dub bass riff with rests, moving root-fifth-octave through the scale",
        Harmony: "two- or four-chord vamps of major/minor triads (I-IV, I-V, i-iv, i-bVII)",
        Timbre: "short off-beat guitar/piano skank on 2 and 4, staccato organ bubble on the off-beat eighths, spacious mix");

    public override (double Min, double Max) Swing => (0.5, 0.6);
    public override double Humanise => 0.006;
    public override (double Min, double Max) ReverbWet => (0.1, 0.3);
    public override double ReverbSeconds => 1.6;

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec { KickStartHz = 110, KickEndHz = 50, KickDecay = 0.25, KickClick = 0.15, ClosedHatDecay = 0.05 }.Vary(rng));
        var vamp = rng.Pick(Vamps);
        bool minorKey = vamp[0].Minor;
        int[] scale = minorKey ? Harmony.Minor : Harmony.Major;
        int drumMode = rng.Chance(0.6) ? 0 : rng.Next(1, 3);
        var riffA = rng.Pick(BassRiffs);
        var riffB = rng.Pick(BassRiffs);
        bool doubleSkank = rng.Chance(0.35), bubble = rng.Chance(0.7), pianoSkank = rng.Chance(0.4), melodica = rng.Chance(0.3);
        int barsPerChord = rng.Chance(0.5) ? 1 : 2;
        double drums = rng.Uniform(0.5, 0.85), bassGain = rng.Uniform(0.8, 1.1), skankGain = rng.Uniform(0.25, 0.45), organGain = rng.Uniform(0.12, 0.25);
        var bass = Instruments.DubBass(rng);
        var skank = Instruments.Chop(rng, decay: rng.Uniform(0.07, 0.12));
        var piano = Instruments.Piano(rng);
        var organ = Instruments.Organ(rng, percussive: 0.15);
        var lead = Instruments.Reed(rng);
        int bassLow = Harmony.Place(ctx.Key, 31);
        int melodyLow = Harmony.Place(ctx.Key, 67);
        int melodyDegree = rng.Next(0, 5);
        int[]? voicing = null, low = null;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            var (degree, minor) = vamp[bar / barsPerChord % vamp.Length];
            int chordRoot = ctx.Key + Harmony.Degree(scale, degree);
            int[] triad = minor ? Harmony.MinorTriad : Harmony.MajorTriad;
            switch (drumMode)
            {
                case 0:
                    ctx.Play(kit, kit.Kick, "........X.......", bar, drums);
                    ctx.Play(kit, kit.Rim, "........X.......", bar, drums * 0.9);
                    break;
                case 1:
                    ctx.Play(kit, kit.Kick, "X...X...X...X...", bar, drums);
                    ctx.Play(kit, kit.Rim, "........X.......", bar, drums * 0.9);
                    break;
                default:
                    ctx.Play(kit, kit.Kick, "X.......X.......", bar, drums);
                    ctx.Play(kit, kit.Snare, "........X.......", bar, drums * 0.7);
                    break;
            }
            ctx.Play(kit, kit.ClosedHat, bar % 4 == 3 && rng.Chance(0.5) ? "o.x.o.x.o.x.oxxx" : "o.x.o.x.o.x.o.x.", bar, drums * 0.5);

            var riff = bar % 4 == 3 ? riffB : riffA;
            int bassRoot = Harmony.Place(chordRoot, bassLow);
            foreach (var (step, d, length) in riff)
            {
                int pitch = bassRoot + Harmony.Degree(minor ? Harmony.Minor : Harmony.Major, d);
                synth.Note(synth.Main, g.Hit(bar, step), g.Steps(bar, length * 0.9), pitch, ctx.Humanise(bassGain), bass);
            }

            voicing = Harmony.Voice(chordRoot, triad, 67, voicing, rng);
            double[] skankSteps = doubleSkank ? [4, 6, 12, 14] : [4, 12];
            foreach (double s in skankSteps)
            {
                double v = s % 4 == 0 ? skankGain : skankGain * 0.6;
                ctx.Chord(synth.Main, g.Hit(bar, s), g.Steps(bar, 0.6), voicing, v, skank, 0.003);
                if (pianoSkank) ctx.Chord(synth.Main, g.Hit(bar, s), g.Steps(bar, 0.8), voicing, v * 0.7, piano);
            }
            if (bubble)
            {
                low = Harmony.Voice(chordRoot, triad, 55, low, rng);
                foreach (double s in new double[] { 2, 6, 10, 14 })
                    ctx.Chord(synth.Main, g.Hit(bar, s), g.Steps(bar, 0.8), low, organGain, organ);
                foreach (double s in new double[] { 3, 7, 11, 15 })
                    synth.Note(synth.Main, g.Hit(bar, s), g.Steps(bar, 0.7), low[0] - 12, ctx.Humanise(organGain * 0.6), organ);
            }
            if (melodica && bar % 4 < 2)
            {
                foreach (double s in new double[] { 0, 4, 6, 8, 12 })
                {
                    if (rng.Chance(0.3)) continue;
                    melodyDegree = Math.Clamp(melodyDegree + rng.Next(-2, 3), 0, 9);
                    synth.Note(synth.Main, g.Hit(bar, s), g.Steps(bar, 1.8), melodyLow + Harmony.Degree(scale, melodyDegree), ctx.Humanise(0.3), lead);
                }
            }
        }
    }
}
