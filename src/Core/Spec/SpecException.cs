namespace MlNetGenre.Core.Spec;

/// <summary>A problem in an experiment file, reported as <c>file:line:column: problem</c>.</summary>
public sealed class SpecException(string file, long line, long column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public SpecException(SourcePosition position, string problem) : this(position.File, position.Line, position.Column, problem) { }

    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
    public string Problem { get; } = problem;
}
