namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Rock: backbeat drums, eighth-note bass and moderately overdriven guitar chords.</summary>
internal sealed class RockStyle : GenreStyle
{
    private static readonly (int Root, bool Minor)[][] Progressions =
    [
        [(0, false), (7, false), (9, true), (5, false)],
        [(0, false), (5, false), (7, false), (5, false)],
        [(0, false), (10, false), (5, false), (0, false)],
        [(9, true), (5, false), (0, false), (7, false)],
        [(0, false), (5, false), (0, false), (7, false)],
    ];

    private static readonly string[] KickPatterns = ["x.......x.x.....", "x.......x.......", "x.x.....x.x.....", "x......xx.x....."];
    private static readonly string[] StrumPatterns = ["x.x.x.x.x.x.x.x.", "x..x..x.x..x..x.", "x.....x.x.....x.", "x.x.x.xx.xx.x.x."];

    public override SyntheticGenre Genre { get; } = new(
        "rock", 100, 150,
        Rhythm: "backbeat: kick on 1 and 3 (with pushes), snare on 2 and 4, eighth hi-hats or ride, crash on phrase starts, tom fills",
        Bass: "picked eighth-note roots following the guitar",
        Harmony: "major-key triad progressions (I-V-vi-IV, I-IV-V, I-bVII-IV, vi-IV-I-V)",
        Timbre: "overdriven rhythm guitar (moderate gain) strumming triads or power chords, bass guitar, optional organ pad or synth lead");

    public override (double Min, double Max) Swing => (0.5, 0.53);
    public override double Humanise => 0.005;
    public override (double Min, double Max) ReverbWet => (0.06, 0.2);

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec { KickDecay = 0.15, KickClick = 0.5, SnareNoiseDecay = 0.14, ClosedHatDecay = 0.05 }.Vary(rng));
        ctx.DriveGain = rng.Uniform(2.5, 12);
        ctx.CabinetHz = rng.Uniform(3200, 5000);
        ctx.DriveLevel = rng.Uniform(0.5, 0.85);
        ctx.TightenHz = rng.Uniform(90, 300);
        var progression = rng.Pick(Progressions);
        string kick = rng.Pick(KickPatterns), strum = rng.Pick(StrumPatterns);
        bool power = rng.Chance(0.4), ride = rng.Chance(0.25), organOn = rng.Chance(0.3), leadOn = rng.Chance(0.3);
        int barsPerChord = rng.Chance(0.7) ? 1 : 2;
        double drums = rng.Uniform(0.55, 0.85), bassGain = rng.Uniform(0.45, 0.75);
        var guitar = Instruments.AmpGuitar(rng);
        var muted = Instruments.AmpGuitar(rng, palmMuteLowPass: rng.Uniform(700, 1200));
        var bass = Instruments.ElectricBass(rng, brightness: rng.Uniform(1.0, 1.4));
        var organ = Instruments.Organ(rng);
        var lead = Instruments.SquareLead(rng);
        int guitarLow = Harmony.Place(ctx.Key, 40);
        int bassLow = Harmony.Place(ctx.Key, 33);
        int leadLow = Harmony.Place(ctx.Key, 67);
        int leadDegree = rng.Next(0, 5);
        int[]? organVoicing = null;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            var (root, minor) = progression[bar / barsPerChord % progression.Length];
            bool fill = bar % 8 == 7;
            ctx.Play(kit, kit.Kick, kick, bar, drums);
            ctx.Play(kit, kit.Snare, fill ? "....X.......XxXx" : "....X.......X...", bar, drums);
            if (fill && rng.Chance(0.5))
            {
                ctx.Play(kit, kit.TomHigh, "............x.x.", bar, drums * 0.8);
                ctx.Play(kit, kit.TomLow, ".............x.x", bar, drums * 0.8);
            }
            ctx.Play(kit, ride ? kit.Ride : kit.ClosedHat, "X.x.X.x.X.x.X.x.", bar, drums * (ride ? 0.45 : 0.6));
            if (bar % 8 == 0) kit.Hit(kit.Crash, g.Hit(bar, 0), drums * 0.6);

            int chordRoot = guitarLow + root;
            int[] shape = power ? [0, 7, 12] : minor ? [0, 7, 12, 15, 19] : [0, 7, 12, 16, 19];
            bool verse = bar / 4 % 2 == 0 && rng.Chance(0.8);
            for (int s = 0; s < 16; s++)
            {
                if (strum[s] != 'x') continue;
                double t = g.Hit(bar, s);
                int next = strum.IndexOf('x', s + 1);
                double length = ((next < 0 ? 16 : next) - s) * 0.9;
                var notes = shape.Select(i => chordRoot + i).ToArray();
                if (verse && power) ctx.Chord(synth.Drive, t, g.Steps(bar, 0.8), notes, 0.8, muted, 0.003);
                else ctx.Chord(synth.Drive, t, g.Steps(bar, length), notes, 0.75, guitar, s % 4 == 0 ? 0.008 : -0.006);
            }

            int bassNote = Harmony.Place(ctx.Key + root, bassLow);
            for (int e = 0; e < 8; e++)
                synth.Note(synth.Main, g.Hit(bar, 2 * e), g.Steps(bar, 1.7), bassNote, ctx.Humanise(bassGain), bass);

            if (organOn)
            {
                organVoicing = Harmony.Voice(ctx.Key + root, minor ? Harmony.MinorTriad : Harmony.MajorTriad, 64, organVoicing, rng);
                ctx.Chord(synth.Main, g.Hit(bar, 0), g.Steps(bar, 15), organVoicing, 0.18, organ);
            }
            if (leadOn && bar % 8 >= 4)
            {
                foreach (double s in new double[] { 0, 4, 6, 8, 12, 14 })
                {
                    if (rng.Chance(0.25)) continue;
                    leadDegree = Math.Clamp(leadDegree + rng.Next(-2, 3), 0, 9);
                    synth.Note(synth.Main, g.Hit(bar, s), g.Steps(bar, 1.8), leadLow + Harmony.Degree(Harmony.MajorPentatonic, leadDegree), ctx.Humanise(0.25), lead);
                }
            }
        }
    }
}
