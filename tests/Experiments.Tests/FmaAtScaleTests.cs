using System.Text;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Tests;

/// <summary>tracks.csv with 106,000 entries and a two-byte file for each in fma_medium/ and fma_large/.</summary>
public sealed class FmaAtScaleFixture : IDisposable
{
    private static readonly string[] Genres =
        ["Blues", "Classical", "Country", "Easy Listening", "Electronic", "Experimental", "Folk", "Hip-Hop", "Instrumental", "International", "Jazz",
         "Old-Time / Historic", "Pop", "Rock", "Soul-RnB", "Spoken"];

    public string Root { get; } = Directory.CreateTempSubdirectory("fma-scale-").FullName;

    /// <summary>Tracks per "subset/official part", from the CSV as written.</summary>
    public Dictionary<string, int> Parts { get; } = new();

    public FmaAtScaleFixture()
    {
        // 8,000 small + 17,000 medium + 81,000 large entries (FMA's nesting: medium holds small, large holds both);
        // seven tracks per artist, each artist's tracks in one official part, as FMA keeps artists apart.
        var csv = new StringBuilder(",artist,set,set,track\n,id,split,subset,genre_top\ntrack_id,,,,\n");
        string[] splits = ["training", "training", "training", "training", "training", "training", "training", "training", "validation", "test"];
        for (int i = 0; i < 106_000; i++)
        {
            int id = 2 * i + 1, artist = i / 7;
            string subset = i < 8_000 ? "small" : i < 25_000 ? "medium" : "large", split = splits[artist * 7 % 10];
            csv.Append($"{id},{artist},{split},{subset},\"{Genres[i % Genres.Length]}\"\n");
            foreach (string size in subset == "large" ? new[] { "large" } : ["medium", "large"])
            {
                string folder = Path.Combine(Root, $"fma_{size}", $"{id / 1000:D3}");
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(Path.Combine(folder, $"{id:D6}.mp3"), [0xFF, 0xFB]);
                Parts[$"{size}/{split}"] = Parts.GetValueOrDefault($"{size}/{split}") + 1;
            }
        }
        Directory.CreateDirectory(Path.Combine(Root, "fma_metadata"));
        File.WriteAllText(Path.Combine(Root, "fma_metadata", "tracks.csv"), csv.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>
/// FMA medium (25,000 tracks) and large (106,000) plan and validate from tracks.csv and the file listing alone: the
/// audio files here are two bytes each, which no decoder accepts, so any attempt to read them would show up as
/// skipped files.
/// </summary>
public sealed class FmaAtScaleTests(FmaAtScaleFixture fixture) : IClassFixture<FmaAtScaleFixture>
{
    [Theory]
    [InlineData("medium", 25_000)]
    [InlineData("large", 106_000)]
    public void The_subset_plans_its_official_split_without_reading_audio(string subset, int tracks)
    {
        string spec = Path.Combine(fixture.Root, $"{subset}.yaml");
        File.WriteAllText(spec, $$$"""
            name: fma-{{{subset}}}
            seed: 4
            dataset: {kind: fma, path: {{{fixture.Root}}}, subset: {{{subset}}}}
            audio: {sample_rate: 22050, clip_seconds: 30, remainder: pad}
            features:
              - {name: mel, set: logmel, params: {n_mels: 64}}
            split: {kind: official, group_by: artist}
            models:
              - {name: songnet, family: songnet, features: mel}
            """);
        var plan = PlanReader.ReadFile(spec);
        var log = new RecordingRunLog();
        var prepared = PreparedData.PlanFromTrackList(plan, plan.Models, log, CancellationToken.None);

        Assert.Empty(prepared.BadFiles); // nothing was decoded: two-byte MP3s would all have failed
        var split = Assert.Single(prepared.Splits);
        Assert.Equal(tracks, split.Train.Count + split.Validation.Count + split.Test.Count);
        Assert.Equal(fixture.Parts[$"{subset}/training"], split.Train.Count);
        Assert.Equal(fixture.Parts[$"{subset}/validation"], split.Validation.Count);
        Assert.Equal(fixture.Parts[$"{subset}/test"], split.Test.Count);
        var table = prepared.Tables["mel"];
        Assert.Equal(16, table.ClassNames.Count);
        var testArtists = split.Test.Select(i => table.Groups[i]).ToHashSet();
        Assert.DoesNotContain(split.Train, i => testArtists.Contains(table.Groups[i]));
    }
}
