namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Metal: double-bass drums or blast beats under high-gain power-chord riffs.</summary>
internal sealed class MetalStyle : GenreStyle
{
    private static readonly int[][] Progressions = [[0, 0, 8, 10], [0, 1, 0, 1], [0, 5, 8, 7], [0, 0, 3, 1], [0, 10, 8, 7]];
    private static readonly int[] RiffIntervals = [0, 0, 0, 1, 3, 5, 6, 7, 8, 10];

    public override SyntheticGenre Genre { get; } = new(
        "metal", 135, 200,
        Rhythm: "double-bass sixteenth kicks, thrash skank beats or blast beats; snare on 2 and 4 or alternating; crash/china on the beats",
        Bass: "bass guitar doubling the roots of the guitar riff in eighths or sixteenths",
        Harmony: "minor / phrygian power-chord riffs (i-bVI-bVII, i-bII, i-iv-bVI-v) with palm-muted chugs",
        Timbre: "high-gain distorted, double-tracked guitars (soft clipping into a cabinet), clicky kick, bright and dense");

    public override double Humanise => 0.003;
    public override (double Min, double Max) ReverbWet => (0.04, 0.15);

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec
        {
            KickStartHz = 220, KickEndHz = 62, KickSweep = 0.02, KickDecay = 0.09, KickClick = 0.9,
            SnareToneHz = 230, SnareToneMix = 0.6, SnareNoiseDecay = 0.12, CrashDecay = 1.1, CymbalHighPass = 3000,
        }.Vary(rng));
        ctx.DriveGain = rng.Uniform(10, 45);
        ctx.CabinetHz = rng.Uniform(3800, 6000);
        ctx.DriveLevel = rng.Uniform(0.6, 1.0);
        ctx.TightenHz = rng.Uniform(300, 700);
        int[] progression = rng.Pick(Progressions);
        int modeA = rng.Next(3), modeB = rng.Next(3);
        bool lead = rng.Chance(0.4);
        double drums = rng.Uniform(0.55, 0.9), bassGain = rng.Uniform(0.4, 0.7);
        var open = Instruments.AmpGuitar(rng);
        var muted = Instruments.AmpGuitar(rng, palmMuteLowPass: rng.Uniform(500, 900));
        var leadGuitar = Instruments.LeadGuitar(rng);
        var bass = Instruments.ElectricBass(rng, brightness: 1.5);
        int guitarLow = Harmony.Place(ctx.Key, 38);
        var riffs = new[] { MakeRiff(rng), MakeRiff(rng) };
        int leadDegree = rng.Next(4, 10);

        for (int bar = 0; bar < g.Bars; bar++)
        {
            int mode = bar / 4 % 2 == 0 ? modeA : modeB;
            switch (mode)
            {
                case 0:
                    ctx.Play(kit, kit.Kick, "XxxxXxxxXxxxXxxx", bar, drums * 0.8);
                    ctx.Play(kit, kit.Snare, "....X.......X...", bar, drums);
                    ctx.Play(kit, kit.Crash, "x...x...x...x...", bar, drums * 0.45);
                    break;
                case 1:
                    ctx.Play(kit, kit.Kick, "X.x.X.x.X.x.X.x.", bar, drums * 0.85);
                    ctx.Play(kit, kit.Snare, ".x.x.x.x.x.x.x.x", bar, drums * 0.7);
                    ctx.Play(kit, kit.Crash, "X...x...X...x...", bar, drums * 0.45);
                    break;
                default:
                    ctx.Play(kit, kit.Kick, "X.x.X.x.X.x.X.x.", bar, drums * 0.85);
                    ctx.Play(kit, kit.Snare, "..X...X...X...X.", bar, drums);
                    ctx.Play(kit, kit.ClosedHat, "x.x.x.x.x.x.x.x.", bar, drums * 0.5);
                    ctx.Play(kit, kit.Crash, "x...............", bar, drums * 0.5);
                    break;
            }

            int root = guitarLow + progression[bar % progression.Length];
            var riff = riffs[bar / 2 % 2];
            for (int s = 0; s < 16; s++)
            {
                var (kind, interval, length) = riff[s];
                if (kind == 0) continue;
                int note = root + interval;
                double t = g.Hit(bar, s);
                if (kind == 1)
                {
                    synth.Note(synth.Drive, t, g.Steps(bar, 0.8), note, ctx.Humanise(0.9), muted);
                    synth.Note(synth.Drive, t + 0.006, g.Steps(bar, 0.8), note + 0.08, ctx.Humanise(0.9), muted);
                }
                else
                {
                    foreach (int n in new[] { note, note + 7, note + 12 })
                    {
                        synth.Note(synth.Drive, t, g.Steps(bar, length), n, ctx.Humanise(0.8), open);
                        synth.Note(synth.Drive, t + 0.007, g.Steps(bar, length), n - 0.1, ctx.Humanise(0.8), open);
                    }
                }
                synth.Note(synth.Main, t, g.Steps(bar, kind == 1 ? 0.9 : length), note - 12, ctx.Humanise(bassGain), bass);
            }

            if (lead && bar % 8 >= 4)
            {
                int tonic = guitarLow + 24;
                for (int s = 0; s < 16; s += rng.Chance(0.6) ? 2 : 4)
                {
                    leadDegree = Math.Clamp(leadDegree + rng.Next(-2, 3), 0, 14);
                    synth.Note(synth.Drive, g.Hit(bar, s), g.Steps(bar, 1.9), tonic + Harmony.Degree(Harmony.HarmonicMinor, leadDegree), ctx.Humanise(0.5), leadGuitar);
                }
            }
        }
    }

    /// <summary>
    /// A one-bar riff built from one-beat cells (sixteenth chugs, gallops, eighths, a held power chord):
    /// per sixteenth a rest (0), a palm-muted chug (1) or a power chord (2) with its length in steps.
    /// </summary>
    private static (int Kind, int Interval, double Length)[] MakeRiff(SynthRandom rng)
    {
        string[] cells = ["1111", "1011", "1101", "1010", "2...", "2.11", "1.2.", "2.2."];
        var riff = new (int, int, double)[16];
        for (int beat = 0; beat < 4; beat++)
        {
            string cell = beat == 0 ? rng.Pick(new[] { "2...", "2.11", "2.2." }) : rng.Pick(cells);
            for (int i = 0; i < 4; i++)
            {
                int s = 4 * beat + i;
                if (cell[i] == '1') riff[s] = (1, 0, 1);
                else if (cell[i] == '2')
                {
                    int length = 1;
                    while (i + length < 4 && cell[i + length] == '.') length++;
                    riff[s] = (2, s == 0 ? 0 : rng.Pick(RiffIntervals), length * 0.95);
                }
            }
        }
        return riff;
    }
}
