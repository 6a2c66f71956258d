namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Disco: four-on-the-floor, octave bass, seventh-chord vamps, strings and funk chops.</summary>
internal sealed class DiscoStyle : GenreStyle
{
    private static readonly (int Root, int[] Quality)[][] Vamps =
    [
        [(0, Harmony.Minor7), (5, Harmony.Dominant7)],
        [(2, Harmony.Minor7), (7, Harmony.Dominant9)],
        [(0, Harmony.Major7), (5, Harmony.Major7)],
        [(0, Harmony.Minor9), (5, Harmony.Minor7)],
        [(0, Harmony.Minor7), (8, Harmony.Major7), (10, Harmony.Dominant7), (0, Harmony.Minor7)],
    ];

    private static readonly string[] ChopPatterns = ["x.xxx.x.x.xxx.x.", "..x...x...x...x.", "x.x.x.x.x.x.x.x.", ".xx.x.xx.xx.x.x."];

    public override SyntheticGenre Genre { get; } = new(
        "disco", 112, 132,
        Rhythm: "four-on-the-floor kick, clap/snare on 2 and 4, open hi-hat on the off-beat eighths, sixteenth closed hats",
        Bass: "octave-jumping eighth-note bass with sixteenth pickups",
        Harmony: "two- or four-chord vamps of minor-seventh, major-seventh and dominant chords (i7-IV7, ii7-V9, Imaj7-IVmaj7)",
        Timbre: "synth strings, funk guitar or clavinet chops on sixteenths, electric piano, brass stabs; bright mix");

    public override (double Min, double Max) Swing => (0.5, 0.54);
    public override int SwingUnit => 1;
    public override double Humanise => 0.003;
    public override (double Min, double Max) ReverbWet => (0.08, 0.22);

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec { KickDecay = 0.2, KickClick = 0.4, HatHighPass = 7000, OpenHatDecay = 0.22, SnareNoiseDecay = 0.14 }.Vary(rng));
        var vamp = rng.Pick(Vamps);
        int barsPerChord = rng.Chance(0.5) ? 1 : 2;
        bool clap = rng.Chance(0.6);
        bool sixteenthHats = rng.Chance(0.6);
        bool stringsOn = rng.Chance(0.8), chopsOn = rng.Chance(0.75), epOn = rng.Chance(0.4), brassOn = rng.Chance(0.35);
        string chopPattern = rng.Pick(ChopPatterns);
        double drums = rng.Uniform(0.5, 0.85), bassGain = rng.Uniform(0.5, 0.85);
        double stringGain = rng.Uniform(0.12, 0.28), chopGain = rng.Uniform(0.2, 0.4), epGain = rng.Uniform(0.15, 0.3);
        var bass = Instruments.ElectricBass(rng, brightness: rng.Uniform(1.0, 1.6));
        var strings = Instruments.Strings(rng, attack: rng.Uniform(0.05, 0.15), lowPass: rng.Uniform(4000, 6500));
        var chop = Instruments.Chop(rng, decay: rng.Uniform(0.08, 0.15));
        var ep = Instruments.ElectricPiano(rng);
        var brass = Instruments.Brass(rng);
        int bassLow = Harmony.Place(ctx.Key, 33);
        bool pickups = rng.Chance(0.5);
        int[]? voicing = null, high = null;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            var (root, quality) = vamp[bar / barsPerChord % vamp.Length];
            int chordRoot = ctx.Key + root;
            ctx.Play(kit, kit.Kick, "X...X...X...X...", bar, drums);
            ctx.Play(kit, clap ? kit.Clap : kit.Snare, "....X.......X...", bar, drums * 0.9);
            ctx.Play(kit, kit.ClosedHat, sixteenthHats ? "xoxoxoxoxoxoxoxo" : "x...x...x...x...", bar, drums * 0.5);
            ctx.Play(kit, kit.OpenHat, "..x...x...x...x.", bar, drums * 0.55);
            if (bar % 4 == 0 && rng.Chance(0.5)) kit.Hit(kit.Crash, g.Hit(bar, 0), drums * 0.5);

            int b = Harmony.Place(chordRoot, bassLow - 2);
            for (int e = 0; e < 8; e++)
            {
                int pitch = e % 2 == 0 ? b : b + 12;
                synth.Note(synth.Main, g.Hit(bar, 2 * e), g.Steps(bar, 1.2), pitch, ctx.Humanise(bassGain), bass);
                if (pickups && e % 4 == 3)
                    synth.Note(synth.Main, g.Hit(bar, 2 * e + 1), g.Steps(bar, 0.8), b + 10, ctx.Humanise(bassGain * 0.7), bass);
            }

            voicing = Harmony.Voice(chordRoot, quality, 64, voicing, rng);
            if (stringsOn && bar % barsPerChord == 0)
                ctx.Chord(synth.Main, g.Hit(bar, 0), g.Steps(bar, 16 * barsPerChord - 1), voicing.Select(n => n + 12).ToArray(), stringGain, strings);
            if (chopsOn)
            {
                high = Harmony.Voice(chordRoot, quality[..3], 70, high, rng);
                for (int s = 0; s < 16; s++)
                    if (chopPattern[s] == 'x')
                        ctx.Chord(synth.Main, g.Hit(bar, s), g.Steps(bar, 0.6), high, chopGain * (s % 4 == 2 ? 1.0 : 0.7), chop, s % 2 == 0 ? 0.004 : -0.004);
            }
            if (epOn)
            {
                ctx.Chord(synth.Main, g.Hit(bar, 0), g.Steps(bar, 5), voicing, epGain, ep);
                ctx.Chord(synth.Main, g.Hit(bar, 10), g.Steps(bar, 4), voicing, epGain * 0.8, ep);
            }
            if (brassOn && bar % 2 == 1)
                ctx.Chord(synth.Main, g.Hit(bar, 14), g.Steps(bar, 1.5), voicing.Select(n => n + 12).ToArray(), 0.3, brass);
        }
    }
}
