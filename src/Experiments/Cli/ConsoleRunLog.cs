using MlNetGenre.Experiments.Running;
using Spectre.Console;

namespace MlNetGenre.Experiments.Cli;

/// <summary>Console output of a run: coloured messages, and a progress line per stage (redrawn in place on a terminal).</summary>
public sealed class ConsoleRunLog : IRunLog
{
    private readonly object _gate = new();

    public void Info(string message)
    {
        lock (_gate) AnsiConsole.MarkupLine(Markup.Escape(message));
    }

    public void Warning(string message)
    {
        lock (_gate) AnsiConsole.MarkupLine("[yellow]warning:[/] " + Markup.Escape(message));
    }

    public IStageProgress Stage(string description, int total)
    {
        Info(description);
        return new StageProgress(this, total, AnsiConsole.Profile.Capabilities.Interactive);
    }

    private sealed class StageProgress(ConsoleRunLog log, int total, bool interactive) : IStageProgress
    {
        private int _done;
        private int _lastDecile;

        public void Advance()
        {
            int done = Interlocked.Increment(ref _done);
            lock (log._gate)
            {
                if (interactive)
                {
                    int width = 30;
                    int filled = total == 0 ? width : done * width / total;
                    Console.Write($"\r  [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}");
                }
                else if (total > 0 && done * 10 / total > _lastDecile)
                {
                    _lastDecile = done * 10 / total;
                    Console.WriteLine($"  {done}/{total} ({done * 100 / total}%)");
                }
            }
        }

        public void Dispose()
        {
            if (interactive) lock (log._gate) Console.WriteLine();
        }
    }
}
