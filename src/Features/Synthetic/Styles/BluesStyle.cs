namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Shuffle blues over the 12-bar form.</summary>
internal sealed class BluesStyle : GenreStyle
{
    public override SyntheticGenre Genre { get; } = new(
        "blues", 70, 110,
        Rhythm: "triplet shuffle: kick on 1 and 3, snare on 2 and 4, swung eighths on hi-hat or ride",
        Bass: "boogie or walking shuffle line through the chord (root, 3rd, 5th, 6th, b7)",
        Harmony: "12-bar blues I7-IV7-V7 with dominant sevenths (quick-change and turnaround variants)",
        Timbre: "organ or piano comping, lightly overdriven shuffle guitar riff, pentatonic lead guitar with bends");

    public override (double Min, double Max) Swing => (0.62, 0.69);
    public override double Humanise => 0.008;
    public override (double Min, double Max) ReverbWet => (0.1, 0.28);

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec { KickDecay = 0.2, SnareNoiseDecay = 0.15, RideDecay = 1.4 }.Vary(rng));
        int[] form = rng.Chance(0.5) ? [0, 5, 0, 0, 5, 5, 0, 0, 7, 5, 0, 7] : [0, 0, 0, 0, 5, 5, 0, 0, 7, 5, 0, 7];
        int formStart = rng.Next(12);
        bool ride = rng.Chance(0.35);
        bool walking = rng.Chance(0.4);
        int comp = rng.Next(3); // 0 organ, 1 piano, 2 none
        bool rhythmGuitar = comp == 2 || rng.Chance(0.7);
        bool lead = rng.Chance(0.65);
        double drums = rng.Uniform(0.45, 0.8), bassGain = rng.Uniform(0.5, 0.9), compGain = rng.Uniform(0.15, 0.35);
        ctx.DriveGain = rng.Uniform(1.2, 5.0);
        ctx.CabinetHz = rng.Uniform(2800, 4500);
        ctx.DriveLevel = rng.Uniform(0.35, 0.7);

        var bass = rng.Chance(0.5) ? Instruments.ElectricBass(rng) : Instruments.UprightBass(rng);
        var organ = Instruments.Organ(rng);
        var piano = Instruments.Piano(rng);
        var riffGuitar = Instruments.AmpGuitar(rng, palmMuteLowPass: rng.Chance(0.5) ? rng.Uniform(900, 1600) : 0);
        var leadGuitar = Instruments.LeadGuitar(rng);
        int bassLow = Harmony.Place(ctx.Key, 31);
        int guitarLow = Harmony.Place(ctx.Key, 40);
        int[] boogie = rng.Chance(0.5) ? [0, 4, 7, 9, 10, 9, 7, 4] : [0, 0, 4, 4, 7, 7, 9, 7];
        int[] walk = [0, 4, 7, 9];
        int[]? voicing = null;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            int formBar = (bar + formStart) % 12;
            int chord = form[formBar];
            bool turnaround = formBar == 11;
            ctx.Play(kit, kit.Kick, "x.......x.......", bar, drums);
            ctx.Play(kit, kit.Snare, turnaround && rng.Chance(0.6) ? "....x.......x.xx" : "....x.......x...", bar, drums);
            if (ride) ctx.Play(kit, kit.Ride, "x...x.x.x...x.x.", bar, 0.6 * drums);
            else ctx.Play(kit, kit.ClosedHat, "X.x.X.x.X.x.X.x.", bar, 0.7 * drums);
            if (formBar == 0 && rng.Chance(0.5)) kit.Hit(kit.Crash, g.Hit(bar, 0), 0.5 * drums);

            int root = bassLow + chord;
            if (walking)
            {
                for (int beat = 0; beat < 4; beat++)
                    synth.Note(synth.Main, g.Hit(bar, 4 * beat), g.Steps(bar, 3.5), root + walk[beat], ctx.Humanise(bassGain), bass);
            }
            else
            {
                for (int e = 0; e < 8; e++)
                    synth.Note(synth.Main, g.Hit(bar, 2 * e), g.Steps(bar, 1.6), root + boogie[e], ctx.Humanise(bassGain * (e % 2 == 0 ? 1 : 0.8)), bass);
            }

            if (rhythmGuitar)
            {
                int gr = guitarLow + chord;
                for (int e = 0; e < 8; e++)
                {
                    int upper = (e / 2) % 2 == 0 ? 7 : 9;
                    double t = g.Hit(bar, 2 * e);
                    synth.Note(synth.Drive, t, g.Steps(bar, 1.7), gr, ctx.Humanise(0.8), riffGuitar);
                    synth.Note(synth.Drive, t + 0.004, g.Steps(bar, 1.7), gr + upper, ctx.Humanise(0.7), riffGuitar);
                }
            }

            int chordRoot = ctx.Key + chord;
            voicing = Harmony.Voice(chordRoot, Harmony.Dominant7, 64, voicing, rng);
            if (comp == 0)
            {
                ctx.Chord(synth.Main, g.Hit(bar, 0), g.Steps(bar, 15), voicing, compGain, organ);
            }
            else if (comp == 1)
            {
                foreach (double step in new[] { 0.0, 6.0, 8.0, 14.0 })
                    if (step == 0 || rng.Chance(0.6))
                        ctx.Chord(synth.Main, g.Hit(bar, step), g.Steps(bar, 2.5), voicing, compGain * 1.3, piano, 0.008);
            }

            if (lead && bar % 2 == 0 && rng.Chance(0.7))
            {
                int tonic = Harmony.Place(ctx.Key, 62);
                int degree = rng.Next(0, 6);
                double step = 2 * rng.Next(0, 3);
                int notes = rng.Next(3, 8);
                for (int i = 0; i < notes && step < 30; i++)
                {
                    degree = Math.Clamp(degree + rng.Next(-2, 3), -2, 10);
                    int pitch = tonic + Harmony.Degree(Harmony.Blues, degree);
                    double length = 2 * rng.Next(1, 4);
                    int b = bar + (int)(step / 16);
                    if (b >= g.Bars) break;
                    double bendFrom = rng.Chance(0.3) ? pitch - (rng.Chance(0.5) ? 1 : 2) : double.NaN;
                    synth.Note(synth.Drive, g.Hit(b, step % 16), g.Steps(b, length * 0.9), pitch, ctx.Humanise(0.9), leadGuitar, bendFrom, 0.08);
                    step += length;
                }
            }
        }
    }
}
