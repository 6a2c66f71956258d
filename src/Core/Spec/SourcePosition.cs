namespace MlNetGenre.Core.Spec;

/// <summary>Where a YAML value starts: file, 1-based line and column. Every spec error names one.</summary>
public readonly record struct SourcePosition(string File, long Line, long Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
