using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MlNetGenre.Core.IO;

namespace MlNetGenre.Features.Caching;

/// <summary>
/// Extracted features on disk, keyed by (SHA-256 of the audio file's bytes, a feature key naming the set, its
/// parameters, the clipping and the code version): a second run over the same files extracts nothing, a changed
/// parameter or file re-extracts. One small binary file per (feature key, file content):
/// <c>&lt;root&gt;/&lt;key hash&gt;/&lt;content hash&gt;.bin</c> = "MGFC", version, item count, item length, float32 values.
/// Written to a temporary name and renamed; an unreadable or short file is a miss, never an error.
/// </summary>
public sealed class FeatureCache(string root)
{
    private const uint Magic = 0x4346474D; // "MGFC"
    private const int Version = 1;
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> ContentHashes = new();

    public string Root { get; } = root;

    /// <summary>A stable key from a description such as "logmel|n_mels=128|...|code=0.3.0".</summary>
    public static string KeyOf(string description) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(description)), 0, 10).ToLowerInvariant();

    public bool TryGet(string audioPath, string key, out float[][] items)
    {
        items = [];
        string file = PathFor(audioPath, key);
        if (!File.Exists(file)) return false;
        try
        {
            byte[] bytes = File.ReadAllBytes(file);
            if (bytes.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != Version)
                return false;
            int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)), length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
            if (count < 0 || length < 0 || bytes.Length != 16 + (long)count * length * 4) return false;
            var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(16));
            items = new float[count][];
            for (int i = 0; i < count; i++) items[i] = values.Slice(i * length, length).ToArray();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Put(string audioPath, string key, IReadOnlyList<float[]> items)
    {
        int length = items.Count == 0 ? 0 : items[0].Length;
        var bytes = new byte[16 + items.Count * length * 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), items.Count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), length);
        for (int i = 0; i < items.Count; i++)
            MemoryMarshal.AsBytes(items[i].AsSpan()).CopyTo(bytes.AsSpan(16 + i * length * 4));
        AtomicFile.WriteAllBytes(PathFor(audioPath, key), bytes);
    }

    private string PathFor(string audioPath, string key) => Path.Combine(Root, key, ContentHash(audioPath) + ".bin");

    /// <summary>SHA-256 of the file's bytes, computed once per (path, size, modification time) in this process.</summary>
    public static string ContentHash(string path)
    {
        var info = new FileInfo(path);
        return ContentHashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream), 0, 16).ToLowerInvariant();
        });
    }
}
