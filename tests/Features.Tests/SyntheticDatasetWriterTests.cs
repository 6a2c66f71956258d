using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.Synthetic;

namespace MlNetGenre.Features.Tests;

public sealed class SyntheticDatasetWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlnetgenre-synth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Writes_gtzan_layout_that_reads_back_within_16_bit_quantisation()
    {
        var reports = new List<int>();
        int written = SyntheticDatasetWriter.Write(_root, genres: 2, tracksPerGenre: 3, seconds: 1.0, seed: 11,
            sampleRate: 22050, progress: new SyncProgress(reports));

        Assert.Equal(6, written);
        Assert.Equal([1, 2, 3, 4, 5, 6], reports);
        Assert.Equal(["blues", "classical"], Directory.GetDirectories(_root).Select(Path.GetFileName).Order());
        Assert.Equal(["blues.00000.wav", "blues.00001.wav", "blues.00002.wav"],
            Directory.GetFiles(Path.Combine(_root, "blues")).Select(Path.GetFileName).Order());

        var folder = new FolderDataset(_root);
        var synthetic = new SyntheticDataset(2, 3, 1.0, 22050, 11);
        Assert.Equal(synthetic.Tracks.Select(t => (t.Label, t.Id + ".wav")), folder.Tracks.Select(t => (t.Label, t.Id)));
        for (int i = 0; i < folder.Tracks.Count; i++)
        {
            AudioSignal read = folder.Load(folder.Tracks[i]);
            AudioSignal rendered = synthetic.Load(synthetic.Tracks[i]);
            Assert.Equal(22050, read.SampleRate);
            Assert.Equal(rendered.Samples.Length, read.Samples.Length);
            for (int j = 0; j < read.Samples.Length; j++)
                Assert.True(Math.Abs(read.Samples[j] - rendered.Samples[j]) <= 0.5f / 32768 + 1e-7f, $"sample {j} of {folder.Tracks[i].Id}");
        }
    }

    [Fact]
    public void Too_many_genres_is_an_error_before_anything_is_written()
    {
        Assert.Throws<DatasetException>(() => SyntheticDatasetWriter.Write(_root, SyntheticGenres.Count + 1, 1, 1.0, 1));
        Assert.False(Directory.Exists(_root));
    }

    private sealed class SyncProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
