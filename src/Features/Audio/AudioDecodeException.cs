namespace MlNetGenre.Features.Audio;

/// <summary>
/// A file that cannot be decoded. The message always names the file, the problem and the fix,
/// so a dataset reader can report it and move on.
/// </summary>
public sealed class AudioDecodeException : Exception
{
    public AudioDecodeException(string filePath, string problem, string fix)
        : base($"{filePath}: {problem}. {fix}")
    {
        FilePath = filePath;
        Problem = problem;
        Fix = fix;
    }

    public string FilePath { get; }
    public string Problem { get; }
    public string Fix { get; }
}
