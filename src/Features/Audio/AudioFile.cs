namespace MlNetGenre.Features.Audio;

/// <summary>Reads a whole audio file, turning I/O failures into <see cref="AudioDecodeException"/> that names the file.</summary>
internal static class AudioFile
{
    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioDecodeException(path, $"cannot be read ({e.Message})", "Check that the file exists and is readable");
        }
    }
}
