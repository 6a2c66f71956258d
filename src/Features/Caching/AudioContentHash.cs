using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlNetGenre.Core.IO;

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

    /// <summary>A file of more lines than this, over half of them superseded by a newer line for the same path, is compacted.</summary>
    internal const int CompactAbove = 1000;

    private readonly string _file;
    private readonly Lock _gate = new();
    private FileStream? _append;

    private AudioContentHash(string file) => _file = file;

    /// <summary>
    /// Hashes remembered in <c>folder/content-hashes.tsv</c> (read now; new ones appended as they are made; the file is
    /// compacted to one line per path when most of its lines are for files since rewritten).
    /// </summary>
    public static AudioContentHash Remembered(string folder)
    {
        string file = Path.Combine(folder, "content-hashes.tsv");
        if (File.Exists(file))
        {
            // The newest line per path, to compact the file when rewritten files have left many stale lines.
            var newest = new Dictionary<string, (long Size, long Ticks, string Hash)>();
            int lines = 0;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                while (reader.ReadLine() is { } line)
                {
                    var parts = line.Split('\t');
                    if (parts.Length == 4 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                        && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) && parts[3].Length == 32)
                    {
                        Known.TryAdd((parts[0], size, ticks), parts[3]);
                        lines++;
                        if (!newest.TryGetValue(parts[0], out var seen) || ticks >= seen.Ticks) newest[parts[0]] = (size, ticks, parts[3]);
                    }
                }
            }
            catch (IOException)
            {
                // unreadable: files are hashed again
            }
            if (lines > CompactAbove && lines > 2 * newest.Count) Compact(file, newest);
        }
        return new AudioContentHash(file);
    }

    /// <summary>
    /// Rewrites the file with one line per path (its newest), atomically. Another process appending at that moment
    /// may lose its line, which costs it one hashing of that file on its next run, nothing more.
    /// </summary>
    private static void Compact(string file, Dictionary<string, (long Size, long Ticks, string Hash)> newest)
    {
        var text = new StringBuilder();
        foreach (var (path, entry) in newest) text.Append(Line(path, entry.Size, entry.Ticks, entry.Hash));
        try
        {
            AtomicFile.WriteAllText(file, text.ToString());
        }
        catch (Exception e) when (e is OutputWriteException or IOException or UnauthorizedAccessException)
        {
            // compaction only saves space; the file stays as it was
        }
    }

    /// <summary>The content hash of the file at <paramref name="path"/>.</summary>
    public string Of(string path)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
        if (Known.TryGetValue(key, out var known)) return known;
        string hash = Sha256Prefix(path);
        Known[key] = hash;
        Remember(key, hash);
        return hash;
    }

    /// <summary>
    /// The first 16 bytes of the file's SHA-256, in hex, read in 256 KB pieces into a pooled buffer: four reads for a
    /// 30 s WAV, where hashing the stream read 4 KB at a time (240 system calls per GTZAN track).
    /// </summary>
    private static string Sha256Prefix(string path)
    {
        using var handle = File.OpenHandle(path);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 18);
        try
        {
            long offset = 0;
            for (int read; (read = RandomAccess.Read(handle, buffer, offset)) > 0; offset += read) sha.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexString(sha.GetHashAndReset(), 0, 16).ToLowerInvariant();
    }

    private void Remember((string Path, long Size, long Ticks) key, string hash)
    {
        if (key.Path.Contains('\t') || key.Path.Contains('\n')) return;
        byte[] line = Encoding.UTF8.GetBytes(Line(key.Path, key.Size, key.Ticks, hash));
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

    /// <summary>One line of the file: path, size, modification time (ticks) and hash, tab-separated.</summary>
    private static string Line(string path, long size, long ticks, string hash) => FormattableString.Invariant($"{path}\t{size}\t{ticks}\t{hash}\n");

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
