using MlNetGenre.Features.Caching;

namespace MlNetGenre.Features.Tests;

public class FeatureCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-cache-").FullName;

    [Fact]
    public void A_stored_entry_is_found_again_and_a_changed_key_or_file_misses()
    {
        string audio = Path.Combine(_folder, "a.wav");
        File.WriteAllBytes(audio, [1, 2, 3, 4]);
        var cache = new FeatureCache(Path.Combine(_folder, "cache"));
        string key = FeatureCache.KeyOf("mfcc|n_mfcc=20");
        float[][] items = [[1f, 2f, 3f], [4f, 5f, 6f]];
        Assert.False(cache.TryGet(audio, key, out _));
        cache.Put(audio, key, items);
        Assert.True(cache.TryGet(audio, key, out float[][] back));
        Assert.Equal(items, back);
        Assert.False(cache.TryGet(audio, FeatureCache.KeyOf("mfcc|n_mfcc=13"), out _));
        File.WriteAllBytes(audio, [1, 2, 3, 5]);
        File.SetLastWriteTimeUtc(audio, DateTime.UtcNow.AddMinutes(1));
        Assert.False(cache.TryGet(audio, key, out _));
    }

    [Fact]
    public void A_truncated_cache_file_is_a_miss_not_an_error()
    {
        string audio = Path.Combine(_folder, "b.wav");
        File.WriteAllBytes(audio, [9, 9]);
        var cache = new FeatureCache(Path.Combine(_folder, "cache"));
        string key = FeatureCache.KeyOf("x");
        cache.Put(audio, key, [[1f, 2f]]);
        string file = Directory.GetFiles(cache.Root, "*.bin", SearchOption.AllDirectories).Single();
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..20]);
        Assert.False(cache.TryGet(audio, key, out _));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
