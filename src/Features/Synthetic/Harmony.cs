namespace MlNetGenre.Features.Synthetic;

/// <summary>Scales, chord qualities and voice-leading used by the genre styles (semitones).</summary>
internal static class Harmony
{
    public static readonly int[] Major = [0, 2, 4, 5, 7, 9, 11];
    public static readonly int[] Minor = [0, 2, 3, 5, 7, 8, 10];
    public static readonly int[] HarmonicMinor = [0, 2, 3, 5, 7, 8, 11];
    public static readonly int[] Dorian = [0, 2, 3, 5, 7, 9, 10];
    public static readonly int[] Phrygian = [0, 1, 3, 5, 7, 8, 10];
    public static readonly int[] MinorPentatonic = [0, 3, 5, 7, 10];
    public static readonly int[] MajorPentatonic = [0, 2, 4, 7, 9];
    public static readonly int[] Blues = [0, 3, 5, 6, 7, 10];

    public static readonly int[] MajorTriad = [0, 4, 7];
    public static readonly int[] MinorTriad = [0, 3, 7];
    public static readonly int[] Diminished = [0, 3, 6];
    public static readonly int[] Dominant7 = [0, 4, 7, 10];
    public static readonly int[] Major7 = [0, 4, 7, 11];
    public static readonly int[] Minor7 = [0, 3, 7, 10];
    public static readonly int[] HalfDiminished = [0, 3, 6, 10];
    public static readonly int[] Dominant9 = [0, 4, 7, 10, 14];
    public static readonly int[] Minor9 = [0, 3, 7, 10, 14];
    public static readonly int[] Major9 = [0, 4, 7, 11, 14];
    public static readonly int[] Power = [0, 7, 12];

    /// <summary>Semitone offset of a scale degree (0-based, may be negative or beyond one octave).</summary>
    public static int Degree(int[] scale, int degree)
    {
        int octave = (int)Math.Floor((double)degree / scale.Length);
        return scale[degree - octave * scale.Length] + 12 * octave;
    }

    /// <summary>The diatonic triad or seventh chord on a scale degree, as intervals above its root.</summary>
    public static int[] Diatonic(int[] scale, int degree, bool seventh)
    {
        int root = Degree(scale, degree);
        int count = seventh ? 4 : 3;
        var result = new int[count];
        for (int i = 0; i < count; i++) result[i] = Degree(scale, degree + 2 * i) - root;
        return result;
    }

    /// <summary>
    /// MIDI notes of a chord (root in semitones, any octave) in close position near <paramref name="center"/>,
    /// choosing the inversion that moves least from <paramref name="previous"/> when given.
    /// </summary>
    public static int[] Voice(int root, int[] intervals, int center, int[]? previous, SynthRandom rng)
    {
        var classes = intervals.Select(i => ((root + i) % 12 + 12) % 12).Distinct().ToArray();
        int[]? best = null;
        double bestCost = double.MaxValue;
        for (int inversion = 0; inversion < classes.Length; inversion++)
        {
            for (int shift = -12; shift <= 0; shift += 12)
            {
                var notes = new int[classes.Length];
                int low = center - 6 + shift + ((classes[inversion] - (center - 6 + shift)) % 12 + 12) % 12;
                notes[0] = low;
                for (int i = 1; i < classes.Length; i++)
                {
                    int pc = classes[(inversion + i) % classes.Length];
                    int next = notes[i - 1] + 1;
                    notes[i] = next + ((pc - next) % 12 + 12) % 12;
                }
                double mean = notes.Average();
                double cost = previous is null || previous.Length == 0
                    ? Math.Abs(mean - center) + 3.0 * rng.NextDouble()
                    : Math.Abs(mean - previous.Average()) + 0.3 * Math.Abs(mean - center) + 0.5 * rng.NextDouble();
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = notes;
                }
            }
        }
        return best!;
    }

    /// <summary>The pitch in [low, low + 12) with the pitch class of <paramref name="semitone"/>.</summary>
    public static int Place(int semitone, int low) => low + ((semitone - low) % 12 + 12) % 12;
}
