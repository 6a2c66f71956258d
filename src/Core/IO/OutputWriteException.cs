namespace MlNetGenre.Core.IO;

/// <summary>
/// Results could not be written because of where they go (disk full, quota, read-only file system, no permission),
/// not because of the data. The message names the path and the fix; whatever was stored before stays valid, so the
/// same command can simply be run again once there is room.
/// </summary>
public sealed class OutputWriteException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>True when <paramref name="e"/> is a fault of the storage rather than of the data or the program.</summary>
    /// Looks inside the <see cref="AggregateException"/> of parallel loops.
    public static bool IsStorageFault(Exception e) => e switch
    {
        OutputWriteException or UnauthorizedAccessException => true,
        IOException io => Kind(io) is not null,
        AggregateException all => all.InnerExceptions.Any(IsStorageFault),
        _ => false,
    };

    /// <summary>
    /// The clear form of a storage fault met while writing <paramref name="path"/>; any other exception is returned unchanged.
    /// </summary>
    public static Exception From(Exception e, string path)
    {
        if (e is OutputWriteException) return e;
        string? kind = e is UnauthorizedAccessException ? "permission denied" : e is IOException io ? Kind(io) : null;
        if (kind is null) return e;
        string fix = kind is "permission denied" or "the file system is read-only"
            ? "make that folder writable or choose another output folder"
            : "free some space or choose another output folder";
        return new OutputWriteException(
            $"cannot write {Path.GetFullPath(path)}: {kind}. Nothing half-written was kept and earlier results are intact. " +
            $"To fix: {fix}, then run the same command again (finished work is reused).", e);
    }

    /// <summary>What went wrong, from the errno .NET reports as the HResult on Linux and macOS or the Win32 code on Windows.</summary>
    private static string? Kind(IOException e)
    {
        if (OperatingSystem.IsWindows())
            return (e.HResult & 0xFFFF) switch
            {
                39 or 112 => "the disk is full", // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
                19 => "the file system is read-only", // ERROR_WRITE_PROTECT
                _ => null,
            };
        return e.HResult switch
        {
            28 => "the disk is full", // ENOSPC
            30 => "the file system is read-only", // EROFS
            27 => "the file is too large for its file system", // EFBIG
            122 when OperatingSystem.IsLinux() => "the disk quota is exceeded", // EDQUOT
            69 when OperatingSystem.IsMacOS() => "the disk quota is exceeded",
            _ => null,
        };
    }
}
