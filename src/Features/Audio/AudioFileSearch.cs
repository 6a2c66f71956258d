using System.Runtime.InteropServices;

namespace MlNetGenre.Features.Audio;

/// <summary>
/// Finds the audio files under a folder, recursively and in a stable order. Symbolic links to folders are followed,
/// but a folder reached again (a link loop, or two links to one place) is not searched twice: folders are told apart
/// by their real path (every link resolved), and dangling or looping links are passed over.
/// </summary>
public static class AudioFileSearch
{
    public static IReadOnlyList<string> Under(string folder)
    {
        var found = new List<string>();
        Search(folder, found, new HashSet<string>(StringComparer.Ordinal));
        return found;
    }

    private static void Search(string folder, List<string> found, HashSet<string> visited)
    {
        if (RealPath(folder) is not { } real || !visited.Add(real)) return;
        string[] files, folders;
        try
        {
            files = Directory.GetFiles(folder);
            folders = Directory.GetDirectories(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // an unreadable folder holds nothing we can use; its siblings are still searched
        }
        found.AddRange(files.Where(f => AudioLoader.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal));
        foreach (string child in folders.Order(StringComparer.Ordinal)) Search(child, found, visited);
    }

    /// <summary>The folder's canonical path (realpath(3) on Unix), or null when it cannot be resolved (a dangling or looping link).</summary>
    private static string? RealPath(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                var target = new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true);
                return Path.GetFullPath(target?.FullName ?? folder).ToUpperInvariant();
            }
            catch (IOException)
            {
                return null;
            }
        }
        IntPtr resolved = Realpath(folder, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Marshal.FreeHGlobal(resolved); // realpath mallocs the result; FreeHGlobal is free() on Unix
        }
    }

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr Realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);
}
