using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace MlNetGenre.Features.Audio;

/// <summary>
/// Decodes MP3, FLAC, OGG, M4A and anything else ffmpeg reads, through the <c>ffmpeg</c> program: mono
/// (channels averaged, as librosa does) 32-bit float at the file's own rate. Resampling is left to
/// <see cref="Resampler"/>, so every format is resampled the same way.
/// </summary>
public static class FfmpegDecoder
{
    public const string InstallHint = "Install ffmpeg (Debian/Ubuntu: `apt-get install ffmpeg`; macOS: `brew install ffmpeg`) and make sure it is on PATH";

    public static bool IsAvailable => Lazy.Value;

    private static readonly Lazy<bool> Lazy = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true, RedirectStandardError = true });
            process!.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    });

    public static AudioSignal Decode(string path, CancellationToken cancellation = default)
    {
        if (!File.Exists(path)) throw new AudioDecodeException(path, "does not exist", "Check the path");
        if (!IsAvailable) throw new AudioDecodeException(path, "needs the ffmpeg program to be decoded, and ffmpeg is not installed", InstallHint);
        int rate = ProbeSampleRate(path);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-v", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-ac", "1", "-f", "f32le", "-acodec", "pcm_f32le", "-" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var registration = cancellation.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } });
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        cancellation.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
            throw new AudioDecodeException(path, $"cannot be decoded by ffmpeg ({FirstLine(errors.Result)})", "Check that it is an audio file, re-encode it, or remove it");
        float[] samples = MemoryMarshal.Cast<byte, float>(buffer.GetBuffer().AsSpan(0, (int)(buffer.Length / 4 * 4))).ToArray();
        return new AudioSignal(samples, rate);
    }

    private static int ProbeSampleRate(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=sample_rate", "-of", "csv=p=0", path })
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (int.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int rate) && rate > 0) return rate;
            throw new AudioDecodeException(path, $"has no audio stream ffmpeg can read ({FirstLine(errors)})", "Check that it is an audio file, or remove it");
        }
        catch (Win32Exception)
        {
            throw new AudioDecodeException(path, "needs ffprobe (part of ffmpeg), which is not installed", InstallHint);
        }
    }

    private static string FirstLine(string text)
    {
        string line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return line.Length > 200 ? line[..200] : line;
    }
}
