namespace MlNetGenre.Features.Synthetic.Styles;

/// <summary>Tonal chamber or orchestral music: no drums, functional triad progressions, rubato.</summary>
internal sealed class ClassicalStyle : GenreStyle
{
    private static readonly int[][] MajorProgressions = [[0, 3, 4, 0], [0, 5, 3, 4], [0, 1, 4, 0], [0, 4, 5, 2, 3, 0, 3, 4], [0, 3, 1, 4]];
    private static readonly int[][] MinorProgressions = [[0, 3, 4, 0], [0, 5, 3, 4], [0, 3, 6, 2, 5, 1, 4, 0], [0, 4, 0, 3]];
    private static readonly int[][] Rhythms = [[4, 4, 4, 4], [8, 4, 4], [6, 2, 4, 4], [4, 2, 2, 8], [16], [2, 2, 2, 2, 4, 4], [12, 4]];

    public override SyntheticGenre Genre { get; } = new(
        "classical", 60, 110,
        Rhythm: "no drums; pulse carried by arpeggios and melody, slight rubato",
        Bass: "sustained cello/contrabass roots, or an Alberti / broken-chord left hand",
        Harmony: "diatonic triad progressions (I-IV-V-I, I-vi-IV-V, i-iv-V-i, circle of fifths)",
        Timbre: "string section pads, solo violin or flute melody, piano with decaying partials, concert-hall reverb");

    public override double Humanise => 0.01;
    public override double Rubato => 0.025;
    public override (double Min, double Max) ReverbWet => (0.25, 0.5);
    public override double ReverbSeconds => 2.2;

    public override void Compose(TrackContext ctx)
    {
        var rng = ctx.Rng;
        var synth = ctx.Synth;
        var g = ctx.Groove;
        bool minor = rng.Chance(0.4);
        int[] scale = minor ? Harmony.HarmonicMinor : Harmony.Major;
        int[] progression = rng.Pick(minor ? MinorProgressions : MajorProgressions);
        int texture = rng.Next(4); // 0 strings, 1 piano, 2 strings + piano, 3 strings + woodwind
        bool strings = texture != 1, piano = texture is 1 or 2;
        bool twoChordsPerBar = g.Bpm < 80 ? false : rng.Chance(0.35);
        bool arpeggio16 = rng.Chance(0.35);
        var pad = Instruments.Strings(rng, attack: rng.Uniform(0.12, 0.4), lowPass: rng.Uniform(1400, 2800));
        var cello = Instruments.Strings(rng, attack: 0.1, lowPass: 1500, unison: 2);
        var pianoInst = Instruments.Piano(rng, brightness: rng.Uniform(0.7, 1.0));
        var melodyInst = texture == 3 ? Instruments.Flute(rng) : strings ? Instruments.SoloString(rng, lowPass: rng.Uniform(2200, 3500)) : pianoInst;
        double padGain = rng.Uniform(0.2, 0.35), bassGain = rng.Uniform(0.3, 0.5), melodyGain = rng.Uniform(0.35, 0.6), pianoGain = rng.Uniform(0.3, 0.5);
        double phase = rng.Uniform(0, 2 * Math.PI), swellBars = rng.Uniform(6, 12);
        int tonic = Harmony.Place(ctx.Key, 60);
        int bassLow = Harmony.Place(ctx.Key, 36);
        int melodyDegree = rng.Next(2, 6);
        int[]? voicing = null;

        for (int bar = 0; bar < g.Bars; bar++)
        {
            double dynamic = 0.7 + 0.3 * Math.Sin(phase + 2 * Math.PI * bar / swellBars);
            int halves = twoChordsPerBar ? 2 : 1;
            for (int h = 0; h < halves; h++)
            {
                int degree = progression[(bar * halves + h) % progression.Length];
                int chordRoot = ctx.Key + Harmony.Degree(scale, degree);
                int[] triad = Harmony.Diatonic(scale, degree, seventh: false);
                double start = 16.0 / halves * h, span = 16.0 / halves;
                voicing = Harmony.Voice(chordRoot, triad, 62, voicing, rng);
                int bassNote = Harmony.Place(chordRoot, bassLow - 3);
                if (strings)
                {
                    ctx.Chord(synth.Main, g.Hit(bar, start), g.Steps(bar, span), voicing, padGain * dynamic, pad);
                    synth.Note(synth.Main, g.Hit(bar, start), g.Steps(bar, span), bassNote, bassGain * dynamic, cello);
                }
                if (piano)
                {
                    int[] broken = arpeggio16
                        ? [bassNote, bassNote + triad[1], bassNote + triad[2], bassNote + 12, bassNote + 12 + triad[1], bassNote + 12 + triad[2], bassNote + 12, bassNote + triad[2]]
                        : [bassNote + 12, bassNote + 12 + triad[2], bassNote + 12 + triad[1], bassNote + 12 + triad[2]];
                    double unit = arpeggio16 ? 1 : 2;
                    int count = (int)(span / unit);
                    for (int i = 0; i < count; i++)
                        synth.Note(synth.Main, g.Hit(bar, start + i * unit), g.Steps(bar, unit * 2), broken[i % broken.Length],
                            ctx.Humanise(pianoGain * dynamic * (i % 4 == 0 ? 1.0 : 0.75)), pianoInst);
                }
            }

            // Melody: a stepwise walk in the scale, landing on chord tones at the bar line.
            var rhythm = rng.Pick(Rhythms);
            double pos = 0;
            foreach (int length in rhythm)
            {
                int stepSize = rng.Next(-2, 3);
                if (pos == 0 && rng.Chance(0.5)) stepSize = (melodyDegree % 2 == 0 ? 0 : 1) * (rng.Chance(0.5) ? 1 : -1);
                melodyDegree = Math.Clamp(melodyDegree + stepSize, 0, 12);
                int pitch = tonic + 12 + Harmony.Degree(scale, melodyDegree);
                if (rng.Chance(0.9))
                    synth.Note(synth.Main, g.Hit(bar, pos), g.Steps(bar, length * 0.95), pitch, ctx.Humanise(melodyGain * dynamic), melodyInst);
                pos += length;
            }
        }
    }
}
