using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MlNetGenre.Features.Caching;

/// <summary>
/// What identifies an audio file's content for the feature store and the dataset fingerprint: the SHA-256 of its
/// bytes (first 16 bytes, hex), computed once per (path, size, modification time) in a process.
/// </summary>
public static class AudioContentHash
{
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> Known = new();

    public static string Of(string path)
    {
        var info = new FileInfo(path);
        return Known.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream), 0, 16).ToLowerInvariant();
        });
    }
}
