namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// The time grid of a track: bars of 4/4 in sixteenth steps, with swing (the second of each pair of
/// swing units is delayed), optional rubato (bar lengths drift) and humanised timing of hits.
/// </summary>
internal sealed class Groove
{
    private readonly double[] _barStart;
    private readonly double _swing;
    private readonly int _swingUnit;
    private readonly double _humanise;
    private readonly SynthRandom _rng;

    /// <param name="swing">Fraction of a swing pair taken by its first unit: 0.5 straight, 2/3 triplet shuffle.</param>
    /// <param name="swingUnit">Sixteenths per swing unit: 2 swings eighths, 1 swings sixteenths.</param>
    /// <param name="rubato">Relative spread of bar lengths (0 for a metronomic groove).</param>
    public Groove(SynthRandom rng, double bpm, double firstBarStart, double endTime, double swing, int swingUnit,
        double humanise, double rubato)
    {
        // Bar lengths come from their own stream, so the timing of bar k does not depend on how many bars follow.
        var barRng = rng.Fork();
        _rng = rng;
        _swing = swing;
        _swingUnit = swingUnit;
        _humanise = humanise;
        Bpm = bpm;
        var starts = new List<double> { firstBarStart };
        double drift = 0;
        while (starts[^1] < endTime)
        {
            drift = 0.6 * drift + 0.4 * barRng.Gaussian();
            double bar = 240.0 / bpm * (1.0 + rubato * Math.Clamp(drift, -2.5, 2.5));
            starts.Add(starts[^1] + bar);
        }
        _barStart = [.. starts];
    }

    public double Bpm { get; }
    public double BeatSeconds => 60.0 / Bpm;

    /// <summary>Number of bars, the last one starting before the end of the excerpt.</summary>
    public int Bars => _barStart.Length - 1;

    public double BarSeconds(int bar) => _barStart[bar + 1] - _barStart[bar];

    /// <summary>Exact (swung) time of a sixteenth step within a bar; steps may be fractional or exceed 16.</summary>
    public double Time(int bar, double step)
    {
        double pair = 2.0 * _swingUnit;
        double pos = step - Math.Floor(step / pair) * pair;
        double origin = step - pos;
        double warped = pos < _swingUnit
            ? pos * 2.0 * _swing
            : pair * _swing + (pos - _swingUnit) * 2.0 * (1.0 - _swing);
        return _barStart[bar] + (origin + warped) * BarSeconds(bar) / 16.0;
    }

    /// <summary>Time of a played hit: the grid time plus a little human timing error.</summary>
    public double Hit(int bar, double step) => Time(bar, step) + _humanise * Math.Clamp(_rng.Gaussian(), -2.5, 2.5);

    /// <summary>Seconds spanned by <paramref name="steps"/> sixteenths in a bar (ignoring swing).</summary>
    public double Steps(int bar, double steps) => steps * BarSeconds(bar) / 16.0;
}
