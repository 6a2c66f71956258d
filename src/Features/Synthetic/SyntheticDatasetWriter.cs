using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// Writes the synthetic dataset to disk in the GTZAN layout, <c>&lt;dir&gt;/&lt;genre&gt;/&lt;genre&gt;.000NN.wav</c>
/// (mono 16-bit PCM), so that it can be read back with <see cref="FolderDataset"/>.
/// </summary>
public static class SyntheticDatasetWriter
{
    /// <returns>The number of files written.</returns>
    /// <param name="progress">Receives the count of files written so far after each file.</param>
    public static int Write(string directory, int genres, int tracksPerGenre, double seconds, int seed,
        int sampleRate = 22050, IProgress<int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var dataset = new SyntheticDataset(genres, tracksPerGenre, seconds, sampleRate, seed);
        int written = 0;
        foreach (var track in dataset.Tracks)
        {
            string path = Path.Combine(directory, track.Label, track.Id[(track.Label.Length + 1)..] + ".wav");
            WavWriter.WriteMono16(path, dataset.Load(track));
            written++;
            progress?.Report(written);
        }
        return written;
    }
}
