namespace MlNetGenre.Features.Synthetic;

/// <summary>A genre's public definition plus how its tracks are composed and mixed.</summary>
internal abstract class GenreStyle
{
    public abstract SyntheticGenre Genre { get; }

    /// <summary>Range of the swing ratio drawn per track (0.5 straight, 0.667 triplet).</summary>
    public virtual (double Min, double Max) Swing => (0.5, 0.52);

    /// <summary>Sixteenths per swing unit: 2 swings eighths, 1 swings sixteenths.</summary>
    public virtual int SwingUnit => 2;

    /// <summary>Standard deviation of timing errors in seconds.</summary>
    public virtual double Humanise => 0.005;

    /// <summary>Relative spread of bar lengths.</summary>
    public virtual double Rubato => 0;

    public virtual (double Min, double Max) ReverbWet => (0.05, 0.2);
    public virtual double ReverbSeconds => 1.2;

    public abstract void Compose(TrackContext ctx);
}
