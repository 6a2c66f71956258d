using System.Text;

namespace MlNetGenre.Core.IO;

/// <summary>
/// Writes a file so that no reader ever sees half of it: the bytes go to a temporary file beside it, which is
/// renamed over the target only when complete. If writing fails (a full disk, a kill) the temporary file is removed
/// and the old target, if any, is untouched; missing parent folders are created; storage faults come out as <see cref="OutputWriteException"/>.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, Utf8.GetBytes(contents));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    public static void Write(string path, Action<Stream> write)
    {
        string temporary = TemporaryPathFor(path);
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e)
        {
            TryDeleteFile(temporary);
            var clear = OutputWriteException.From(e, path);
            if (ReferenceEquals(clear, e)) throw;
            throw clear;
        }
    }

    /// <summary>
    /// Fills a new folder through a temporary one renamed into place when complete (a checkpoint, a stored trial).
    /// <paramref name="fill"/> gets the temporary folder; if it or the rename fails, the temporary folder is removed.
    /// Returns false, leaving the target alone, when <paramref name="keepExisting"/> and the target appeared meanwhile.
    /// </summary>
    public static bool WriteFolder(string folder, Action<string> fill, Func<bool>? keepExisting = null)
    {
        string temporary = TemporaryPathFor(folder);
        try
        {
            TryDeleteFolder(temporary);
            Directory.CreateDirectory(temporary);
            fill(temporary);
            if (keepExisting?.Invoke() == true)
            {
                TryDeleteFolder(temporary);
                return false;
            }
            TryDeleteFolder(folder);
            Directory.Move(temporary, folder);
            return true;
        }
        catch (Exception e)
        {
            TryDeleteFolder(temporary);
            var clear = OutputWriteException.From(e, folder);
            if (ReferenceEquals(clear, e)) throw;
            throw clear;
        }
    }

    /// <summary>Unique per process and thread, so concurrent writers of one target never share a temporary file.</summary>
    private static string TemporaryPathFor(string path) =>
        $"{path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";

    private static void TryDeleteFile(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
