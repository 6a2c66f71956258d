using System.Globalization;
using System.Security.Cryptography;
using MlNetGenre.Features.Caching;

namespace MlNetGenre.Features.Tests;

public sealed class AudioContentHashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-hashes-").FullName;

    private string HashFile => Path.Combine(_folder, "content-hashes.tsv");

    [Theory]
    [InlineData(5)]
    [InlineData(262_144)]       // exactly one piece of the read
    [InlineData(1_000_003)]     // several pieces, the last a partial one
    public void A_hash_is_the_files_sha256_and_is_remembered_in_the_folder(int size)
    {
        string audio = Path.Combine(_folder, "a.wav");
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(audio, bytes);
        using (var hashes = AudioContentHash.Remembered(_folder))
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes), 0, 16).ToLowerInvariant(), hashes.Of(audio));
        string line = Assert.Single(File.ReadAllLines(HashFile));
        Assert.StartsWith(Path.GetFullPath(audio) + $"\t{size}\t", line);
    }

    [Fact]
    public void A_file_mostly_of_lines_for_rewritten_files_is_compacted_to_the_newest_line_per_path()
    {
        // 600 paths, each rewritten twice (three sizes and times): 1,800 lines of which 1,200 are stale.
        var lines = new List<string>();
        for (int version = 0; version < 3; version++)
            for (int i = 0; i < 600; i++)
                lines.Add(FormattableString.Invariant($"/music/track{i}.wav\t{1000 + version}\t{638000000000000000L + version}\t{version:x2}{i:x30}"));
        File.WriteAllLines(HashFile, lines);

        AudioContentHash.Remembered(_folder).Dispose();

        var kept = File.ReadAllLines(HashFile).Select(l => l.Split('\t')).ToList();
        Assert.Equal(600, kept.Count);
        Assert.All(kept, parts => Assert.Equal("1002", parts[1]));
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"/music/track{i}.wav").Order(), kept.Select(p => p[0]).Order());
    }

    [Fact]
    public void A_file_of_current_lines_is_left_as_it_is()
    {
        var lines = Enumerable.Range(0, 1500).Select(i => FormattableString.Invariant($"/music/t{i}.wav\t10\t638000000000000000\t{i:x32}")).ToArray();
        File.WriteAllLines(HashFile, lines);
        var before = File.GetLastWriteTimeUtc(HashFile);

        AudioContentHash.Remembered(_folder).Dispose();

        Assert.Equal(lines, File.ReadAllLines(HashFile));
        Assert.Equal(before, File.GetLastWriteTimeUtc(HashFile));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
