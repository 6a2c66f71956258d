namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Small-group swing: ride pattern, walking bass, ii-V-I with rootless piano voicings.</summary>
internal sealed class JazzStyle : GenreStyle
{
    private static readonly (int Root, int[] Quality)[][] Cadences =
    [
        [(2, Harmony.Minor9), (7, Harmony.Dominant9), (0, Harmony.Major9), (0, Harmony.Major9)],
        [(0, Harmony.Major7), (9, Harmony.Dominant7), (2, Harmony.Minor7), (7, Harmony.Dominant7)],
        [(2, Harmony.HalfDiminished), (7, [0, 4, 7, 10, 13]), (0, Harmony.Minor9), (0, Harmony.Minor7)],
        [(2, Harmony.Minor7), (7, Harmony.Dominant7), (4, Harmony.Minor7), (9, Harmony.Dominant7)],
        [(5, Harmony.Major7), (10, Harmony.Dominant9), (0, Harmony.Major7), (9, Harmony.Dominant7)],
    ];

    public override SyntheticGenre Genre { get; } = new(
        "jazz", 110, 190,
        Rhythm: "swing ride (1, 2-and, 3, 4-and swung), hi-hat foot on 2 and 4, feathered kick, ghost-note snare comping",
        Bass: "walking bass in quarter notes: root on the downbeat, chord tones, chromatic approach to the next root",
        Harmony: "ii-V-I cadences and turnarounds with seventh and ninth chords, rootless voicings",
        Timbre: "acoustic piano comping, plucked upright bass, optional saxophone lead; soft dynamics, room reverb");

    public override (double Min, double Max) Swing => (0.6, 0.68);
    public override double Humanise => 0.007;
    public override (double Min, double Max) ReverbWet => (0.1, 0.28);
    public override double ReverbSeconds => 1.5;

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        var kit = new DrumKit(synth, rng, new KitSpec
        {
            KickDecay = 0.14, KickClick = 0.1, SnareNoiseDecay = 0.16, SnareToneMix = 0.3, SnareHighPass = 1500,
            RideDecay = rng.Uniform(1.2, 2.0), CymbalHighPass = 4000, ClosedHatDecay = 0.06,
        }.Vary(rng));
        var chords = new List<(int Root, int[] Quality)>();
        while (chords.Count < 64) chords.AddRange(rng.Pick(Cadences));
        bool twoPerBar = g.Bpm < 150 && rng.Chance(0.4);
        bool sax = rng.Chance(0.55), guitarComp = rng.Chance(0.25);
        double drums = rng.Uniform(0.35, 0.65), bassGain = rng.Uniform(0.6, 0.95), compGain = rng.Uniform(0.2, 0.4), saxGain = rng.Uniform(0.25, 0.45);
        var bass = Instruments.UprightBass(rng);
        var comp = guitarComp ? Instruments.CleanGuitar(rng, decay: 0.6) : Instruments.Piano(rng, brightness: rng.Uniform(0.8, 1.0));
        var reed = Instruments.Reed(rng);
        int bassLow = Harmony.Place(ctx.Key, 31);
        int saxLow = Harmony.Place(ctx.Key, 58);
        int bassPitch = bassLow + 5;
        int saxDegree = rng.Next(3, 9);
        int[]? voicing = null;

        int Chord(int bar, int half) => twoPerBar ? 2 * bar + half : bar;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            ctx.Play(kit, kit.Ride, "X...x.x.X...x.x.", bar, drums * 0.45);
            ctx.Play(kit, kit.ClosedHat, "....x.......x...", bar, drums * 0.35);
            ctx.Play(kit, kit.Kick, "o...o...o...o...", bar, drums * 0.5);
            for (int e = 0; e < 8; e++)
                if (rng.Chance(0.15)) kit.Hit(kit.Snare, g.Hit(bar, 2 * e), drums * rng.Uniform(0.15, 0.35));
            if (bar % 8 == 0 && rng.Chance(0.4)) kit.Hit(kit.Crash, g.Hit(bar, 0), drums * 0.4);

            for (int beat = 0; beat < 4; beat++)
            {
                int half = twoPerBar && beat >= 2 ? 1 : 0;
                var (root, quality) = chords[Chord(bar, half) % chords.Count];
                int target;
                bool lastOfChord = twoPerBar ? beat % 2 == 1 : beat == 3;
                if (beat == 0 || (twoPerBar && beat == 2))
                {
                    target = NearestOf(ctx.Key + root, bassPitch, bassLow, bassLow + 17);
                }
                else if (lastOfChord)
                {
                    int nextHalf = twoPerBar ? (half + 1) % 2 : 0;
                    int nextBar = twoPerBar && half == 0 ? bar : bar + 1;
                    var next = chords[Chord(nextBar, nextHalf) % chords.Count];
                    int nextRoot = NearestOf(ctx.Key + next.Root, bassPitch, bassLow, bassLow + 17);
                    target = nextRoot + (rng.Chance(0.5) ? 1 : -1);
                }
                else
                {
                    int tone = quality[rng.Next(1, Math.Min(quality.Length, 4))];
                    target = NearestOf(ctx.Key + root + tone, bassPitch, bassLow, bassLow + 17);
                }
                bassPitch = target;
                synth.Note(synth.Main, g.Hit(bar, 4 * beat), g.Steps(bar, 3.6), bassPitch, ctx.Humanise(bassGain * (beat % 2 == 0 ? 1.0 : 0.85)), bass);
            }

            for (int half = 0; half < (twoPerBar ? 2 : 1); half++)
            {
                var (root, quality) = chords[Chord(bar, half) % chords.Count];
                int[] rootless = quality.Length > 3 ? quality[1..] : quality;
                voicing = Harmony.Voice(ctx.Key + root, rootless, 62, voicing, rng);
                double start = half * 8;
                double[] hits = rng.Pick(new[] { new double[] { 0, 6 }, [2, 6], [0], [6], [0, 3, 6], [4, 7] });
                foreach (double h in hits)
                {
                    double step = start + h * (twoPerBar ? 0.5 : 1.0);
                    ctx.Chord(synth.Main, g.Hit(bar, step), g.Steps(bar, rng.Uniform(1, 3)), voicing, compGain * rng.Uniform(0.7, 1.1), comp, 0.006);
                }
            }

            if (sax && (bar / 2) % 2 == 0)
            {
                for (int e = 0; e < 8; e++)
                {
                    if (rng.Chance(0.2)) continue;
                    var (root, quality) = chords[Chord(bar, e >= 4 && twoPerBar ? 1 : 0) % chords.Count];
                    saxDegree = Math.Clamp(saxDegree + rng.Next(-2, 3), 0, 14);
                    int pitch = saxLow + Harmony.Degree(Harmony.Dorian, saxDegree);
                    if (e % 2 == 0 && rng.Chance(0.5)) pitch = NearestOf(ctx.Key + root + quality[rng.Next(quality.Length)], pitch, saxLow, saxLow + 24);
                    synth.Note(synth.Main, g.Hit(bar, 2 * e), g.Steps(bar, 1.8), pitch, ctx.Humanise(saxGain * (e % 2 == 1 ? 1.0 : 0.8)), reed);
                }
            }
        }
    }

    /// <summary>The pitch with the class of <paramref name="semitone"/> nearest to <paramref name="near"/> within [low, high].</summary>
    private static int NearestOf(int semitone, int near, int low, int high)
    {
        int best = Harmony.Place(semitone, low);
        for (int p = best; p <= high; p += 12)
            if (Math.Abs(p - near) < Math.Abs(best - near)) best = p;
        return best;
    }
}
