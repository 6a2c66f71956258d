namespace MlNetGenre.Experiments.Running;

/// <summary>Where a run reports what it is doing: console in the CLI, a list in tests.</summary>
public interface IRunLog
{
    void Info(string message);
    void Warning(string message);

    /// <summary>Starts a counted stage (e.g. feature extraction over N tracks); dispose it when done.</summary>
    IStageProgress Stage(string description, int total);
}

/// <summary>Progress of one counted stage; <see cref="Advance"/> is thread-safe.</summary>
public interface IStageProgress : IDisposable
{
    void Advance();
}
