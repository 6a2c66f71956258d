namespace MlNetGenre.Experiments.Spec;

/// <summary>An experiment file that cannot be used; the message starts with <c>file:line:column</c>.</summary>
public sealed class SpecException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
    public string Problem { get; } = problem;
}
