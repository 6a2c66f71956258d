using MlNetGenre.Experiments.Running;

/// <summary>A run log for benchmarks: progress and information are dropped, warnings go to stderr.</summary>
sealed class SilentLog : IRunLog
{
    public void Info(string message) { }
    public void Warning(string message) => Console.Error.WriteLine("warning: " + message);
    public IStageProgress Stage(string description, int total) => new NoStage();

    private sealed class NoStage : IStageProgress
    {
        public void Advance() { }
        public void Dispose() { }
    }
}
