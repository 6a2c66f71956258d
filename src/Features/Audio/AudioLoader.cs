namespace MlNetGenre.Features.Audio;

/// <summary>
/// The one entry point for audio files: WAV and AU in managed code (recognised by content), everything
/// else through ffmpeg; mono; resampled to the target rate (null keeps the file's own rate). A file that
/// is empty, unreadable, too short or entirely digital silence is an <see cref="AudioDecodeException"/>.
/// </summary>
public static class AudioLoader
{
    public static readonly string[] Extensions = [".wav", ".au", ".snd", ".mp3", ".flac", ".ogg", ".m4a", ".aiff", ".aif", ".opus", ".wma"];

    public static AudioSignal Load(string path, int? targetSampleRate = null, CancellationToken cancellation = default)
    {
        CheckRegularFile(path);
        var signal = Decode(path, cancellation);
        AudioChecks.SampleRate(path, signal.SampleRate);
        AudioChecks.Samples(path, signal.Samples);
        if (signal.Samples.Length == 0)
            throw new AudioDecodeException(path, "holds no audio samples", "Remove it or replace it with a complete copy");
        if (Array.TrueForAll(signal.Samples, s => s == 0))
            throw new AudioDecodeException(path, "is silent (every sample is zero)", "Remove it from the dataset; silence has no genre");
        return targetSampleRate is int rate ? Resampler.Resample(signal, rate) : signal;
    }

    /// <summary>
    /// Only regular files with content are data, checked before anything opens them: a FIFO would block the read
    /// forever and a device such as /dev/zero never ends, and both report a size of 0, like an empty file. Symbolic
    /// links are followed to what they point at; a dangling or looping link is an error naming the file.
    /// </summary>
    private static void CheckRegularFile(string path)
    {
        if (Directory.Exists(path)) throw new AudioDecodeException(path, "is a folder, not a file", "Point at the audio files, or at a dataset folder in the dataset settings");
        FileSystemInfo info = new FileInfo(path);
        try
        {
            if (info.LinkTarget is not null) info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        }
        catch (IOException e)
        {
            throw new AudioDecodeException(path, $"is a link that cannot be followed ({e.Message})", "Fix or remove the link");
        }
        if (!info.Exists || info is not FileInfo file)
            throw new AudioDecodeException(path, info.Exists ? "is a folder, not a file" : "does not exist (or is a link to nothing)", "Fix or remove it");
        if (file.Length == 0)
            throw new AudioDecodeException(path, "is empty (0 bytes) or not a regular file (a pipe or a device)", "Remove it or replace it with a complete copy");
    }

    private static AudioSignal Decode(string path, CancellationToken cancellation)
    {
        Span<byte> head = stackalloc byte[12];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioDecodeException(path, $"cannot be read ({e.Message})", "Check that the file exists and is readable");
        }
        if (read == 0) throw new AudioDecodeException(path, "is empty (0 bytes) or not a regular file (a pipe or a device)", "Remove it or replace it with a complete copy");
        if (WavReader.HasMagic(head[..read])) return WavReader.Read(path);
        if (AuReader.HasMagic(head[..read])) return AuReader.Read(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".wav" or ".au" or ".snd")
            throw new AudioDecodeException(path, $"has a {extension} name but is not a {extension.TrimStart('.').ToUpperInvariant()} file (wrong header)",
                "Re-encode it or remove it from the dataset");
        return FfmpegDecoder.Decode(path, cancellation);
    }
}
