using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.Synthetic;

namespace MlNetGenre.Features.Tests;

public class SyntheticDatasetTests
{
    [Fact]
    public void Tracks_follow_gtzan_ids_in_genre_order()
    {
        var dataset = new SyntheticDataset(genres: 3, tracksPerGenre: 4, seconds: 1.5, sampleRate: 16000, seed: 5);
        Assert.Equal(12, dataset.Tracks.Count);
        Assert.Equal(["blues", "classical", "disco"], dataset.Genres);
        Assert.Equal("blues/blues.00000", dataset.Tracks[0].Id);
        Assert.Equal("disco/disco.00003", dataset.Tracks[^1].Id);
        Assert.All(dataset.Tracks, t =>
        {
            Assert.Equal(t.Id, t.Group);
            Assert.Null(t.Path);
            Assert.StartsWith(t.Label + "/" + t.Label + ".", t.Id);
        });
        Assert.Contains("synthetic", dataset.Description);
        Assert.Contains("blues, classical, disco", dataset.Description);
        Assert.Contains("seed 5", dataset.Description);
    }

    [Fact]
    public void Load_renders_the_track_in_memory()
    {
        var dataset = new SyntheticDataset(2, 2, 1.5, 16000, seed: 5);
        var track = dataset.Tracks[3];
        var audio = dataset.Load(track);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(24000, audio.Samples.Length);
        Assert.Equal(SyntheticTrackGenerator.Render("classical", 1, 1.5, 16000, 5).Samples, audio.Samples);
    }

    [Fact]
    public void Load_rejects_a_track_of_another_dataset()
    {
        var dataset = new SyntheticDataset(2, 2, 1, seed: 5);
        Assert.Throws<ArgumentException>(() => dataset.Load(new Track("metal/metal.00000", "metal", "metal/metal.00000", null)));
        Assert.Throws<ArgumentException>(() => dataset.Load(new Track("blues/blues.00009", "blues", "blues/blues.00009", null)));
    }

    [Fact]
    public void Too_many_genres_names_the_maximum()
    {
        var e = Assert.Throws<DatasetException>(() => new SyntheticDataset(SyntheticGenres.Count + 1, 10, 30));
        Assert.Contains($"between 1 and {SyntheticGenres.Count}", e.Message);
        Assert.Contains("rock", e.Message);
        Assert.Throws<DatasetException>(() => new SyntheticDataset(0, 10, 30));
        Assert.Throws<DatasetException>(() => new SyntheticDataset(2, 0, 30));
        Assert.Throws<DatasetException>(() => new SyntheticDataset(2, 10, 0));
    }
}
