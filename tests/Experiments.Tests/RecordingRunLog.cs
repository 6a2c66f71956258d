using System.Collections.Concurrent;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Tests;

/// <summary>Keeps what a run reports, so tests can check progress and warnings.</summary>
internal sealed class RecordingRunLog : IRunLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string message) => Lines.Enqueue(message);
    public void Warning(string message) => Lines.Enqueue("warning: " + message);

    public IStageProgress Stage(string description, int total)
    {
        Lines.Enqueue(description);
        return new Counter(this, total);
    }

    private sealed class Counter(RecordingRunLog log, int total) : IStageProgress
    {
        private int _done;
        public void Advance() => Interlocked.Increment(ref _done);
        public void Dispose() => log.Lines.Enqueue($"stage done {_done}/{total}");
    }
}
