using System.Diagnostics;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// A small tmpfs mounted on a temporary folder, to meet a full disk or a read-only file system for real (needs root,
/// as in CI; tests using it are skipped with the reason elsewhere).
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    public static readonly string? SkipReason = Probe();

    public string Root { get; }

    public Tmpfs(long bytes, bool readOnly = false)
    {
        Root = Directory.CreateTempSubdirectory("mlnetgenre-tmpfs-").FullName;
        string error = Mount(Root, bytes, readOnly);
        if (error.Length > 0) throw new InvalidOperationException($"mount -t tmpfs on {Root} failed: {error}");
    }

    /// <summary>Free bytes as the file system reports them (what a writer can still use).</summary>
    public long FreeBytes => new DriveInfo(Root).AvailableFreeSpace;

    /// <summary>Fills the file system until only about <paramref name="bytesLeft"/> bytes are free; returns the filler's path.</summary>
    public string FillLeaving(long bytesLeft)
    {
        string filler = Path.Combine(Root, "filler.bin");
        var chunk = new byte[4096];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write);
        while (FreeBytes > bytesLeft)
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, FreeBytes - bytesLeft));
        return filler;
    }

    public void Dispose()
    {
        Run("umount", "-l", Root);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux tmpfs mounts";
        string folder = Directory.CreateTempSubdirectory("mlnetgenre-tmpfs-probe-").FullName;
        try
        {
            string error = Mount(folder, 1 << 20, readOnly: false);
            if (error.Length > 0) return $"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN, as in CI): {error}";
            Run("umount", folder);
            return null;
        }
        finally
        {
            try { Directory.Delete(folder); } catch (IOException) { }
        }
    }

    private static string Mount(string folder, long bytes, bool readOnly) =>
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes}{(readOnly ? ",ro" : "")}", "tmpfs", folder);

    /// <summary>Runs a command; returns its error output when it fails, empty when it succeeds.</summary>
    private static string Run(string command, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? "" : (errors.Trim().Length > 0 ? errors.Trim() : $"exit {process.ExitCode}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }
}

/// <summary>A fact that needs <see cref="Tmpfs"/>.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.SkipReason is not null) Skip = Tmpfs.SkipReason;
    }
}
