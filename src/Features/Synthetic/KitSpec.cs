namespace MlNetGenre.Features.Synthetic;

/// <summary>Sound-design parameters of a synthesised drum kit (times in seconds, frequencies in Hz).</summary>
internal sealed record KitSpec
{
    public double KickStartHz { get; init; } = 160;
    public double KickEndHz { get; init; } = 52;
    public double KickSweep { get; init; } = 0.035;
    public double KickDecay { get; init; } = 0.18;
    public double KickClick { get; init; } = 0.3;
    public double KickDrive { get; init; } = 1.0;
    public double SnareToneHz { get; init; } = 190;
    public double SnareToneDecay { get; init; } = 0.05;
    public double SnareNoiseDecay { get; init; } = 0.12;
    public double SnareHighPass { get; init; } = 900;
    public double SnareLowPass { get; init; } = 8000;
    public double SnareToneMix { get; init; } = 0.5;
    public double HatHighPass { get; init; } = 6500;
    public double ClosedHatDecay { get; init; } = 0.04;
    public double OpenHatDecay { get; init; } = 0.3;
    public double CymbalHighPass { get; init; } = 3500;
    public double RideDecay { get; init; } = 1.2;
    public double CrashDecay { get; init; } = 1.6;
    public double TomHz { get; init; } = 110;

    /// <summary>The same kit tuned and damped a little differently (about +-10 %).</summary>
    public KitSpec Vary(SynthRandom rng)
    {
        double V(double x, double spread = 0.1) => x * (1.0 + spread * (2.0 * rng.NextDouble() - 1.0));
        return this with
        {
            KickStartHz = V(KickStartHz), KickEndHz = V(KickEndHz, 0.08), KickSweep = V(KickSweep), KickDecay = V(KickDecay, 0.15),
            KickClick = V(KickClick, 0.3), SnareToneHz = V(SnareToneHz), SnareNoiseDecay = V(SnareNoiseDecay, 0.2),
            SnareHighPass = V(SnareHighPass, 0.2), SnareToneMix = V(SnareToneMix, 0.2), HatHighPass = V(HatHighPass, 0.1),
            ClosedHatDecay = V(ClosedHatDecay, 0.25), OpenHatDecay = V(OpenHatDecay, 0.25), CymbalHighPass = V(CymbalHighPass, 0.15),
            RideDecay = V(RideDecay, 0.2), CrashDecay = V(CrashDecay, 0.2), TomHz = V(TomHz, 0.15),
        };
    }
}
