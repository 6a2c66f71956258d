using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlNetGenre.Features.Caching;

/// <summary>
/// What identifies an audio file's content for the feature store and the dataset fingerprint: the SHA-256 of its
/// bytes (first 16 bytes, hex). Hashing reads the whole file, so hashes are remembered per (path, size,
/// modification time): in memory for the process, and in a small text file beside the feature stores
/// (<see cref="Remembered"/>), so a second run over a large collection reads no audio at all (the same rule as
/// make and rsync: a file rewritten with the same size and time to the tick would not be noticed).
/// </summary>
public sealed class AudioContentHash : IDisposable
{
    private static readonly ConcurrentDictionary<(string Path, long Size, long Ticks), string> Known = new();

    private readonly string _file;
    private readonly Lock _gate = new();
    private FileStream? _append;

    private AudioContentHash(string file) => _file = file;

    /// <summary>Hashes remembered in <c>folder/content-hashes.tsv</c> (read now; new ones appended as they are made).</summary>
    public static AudioContentHash Remembered(string folder)
    {
        string file = Path.Combine(folder, "content-hashes.tsv");
        if (File.Exists(file))
        {
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                while (reader.ReadLine() is { } line)
                {
                    var parts = line.Split('\t');
                    if (parts.Length == 4 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                        && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) && parts[3].Length == 32)
                        Known.TryAdd((parts[0], size, ticks), parts[3]);
                }
            }
            catch (IOException)
            {
                // unreadable: files are hashed again
            }
        }
        return new AudioContentHash(file);
    }

    /// <summary>The content hash of the file at <paramref name="path"/>.</summary>
    public string Of(string path)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
        if (Known.TryGetValue(key, out var known)) return known;
        string hash;
        using (var stream = File.OpenRead(path))
            hash = Convert.ToHexString(SHA256.HashData(stream), 0, 16).ToLowerInvariant();
        Known[key] = hash;
        Remember(key, hash);
        return hash;
    }

    private void Remember((string Path, long Size, long Ticks) key, string hash)
    {
        if (key.Path.Contains('\t') || key.Path.Contains('\n')) return;
        byte[] line = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{key.Path}\t{key.Size}\t{key.Ticks}\t{hash}\n"));
        lock (_gate)
        {
            try
            {
                // One write per line in append mode: lines of several processes never interleave.
                _append ??= new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
                _append.Write(line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a remembered hash only saves time; without room for it the file is hashed again next run
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
