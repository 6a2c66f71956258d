using System.Globalization;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Testing;
using Xunit.Abstractions;

namespace MlNetGenre.Features.Tests;

/// <summary>
/// End to end with resampling: the seed001 vector of the 60 shared GTZAN tracks (16 kHz files resampled
/// to 22050 Hz by our resampler) against librosa's (resampled by libsoxr HQ), per column on average.
/// </summary>
public class GtzanEndToEndParityTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Seed001_of_the_resampled_gtzan_tracks_matches_librosa()
    {
        string root = SharedData.PathOf("gtzan16k");
        var lines = File.ReadAllLines(SharedData.PathOf("reference", "gtzan16k-features.librosa.csv"));
        string[] header = lines[0].Split(',');
        var set = new Seed001FeatureSet(22050, new TrackSummaryOptions());
        Assert.Equal(header.Skip(2), set.FeatureNames);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var ours = new float[rows.Length][];
        Parallel.For(0, rows.Length, i =>
        {
            string file = Directory.GetFiles(root, rows[i][0], SearchOption.AllDirectories).Single();
            ours[i] = set.Extract(AudioLoader.Load(file, 22050));
        });

        int columns = header.Length - 2, tempoColumn = Array.IndexOf(header, "tempo") - 2;
        var meanRelative = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            double scale = rows.Max(r => Math.Abs(double.Parse(r[c + 2], CultureInfo.InvariantCulture)));
            meanRelative[c] = rows.Select((r, i) =>
            {
                double reference = double.Parse(r[c + 2], CultureInfo.InvariantCulture);
                return Math.Abs(ours[i][c] - reference) / Math.Max(Math.Abs(reference), 1e-3 * scale);
            }).Average();
        }
        int tempoEqual = rows.Select((r, i) => Math.Abs(ours[i][tempoColumn] - double.Parse(r[tempoColumn + 2], CultureInfo.InvariantCulture)) < 1e-3).Count(x => x);
        foreach (int c in Enumerable.Range(0, columns).OrderByDescending(c => meanRelative[c]).Take(8))
            output.WriteLine($"PARITY {header[c + 2]}: mean relative error {meanRelative[c]:P3}");
        output.WriteLine($"PARITY tempo equal on {tempoEqual}/{rows.Length} tracks");

        Assert.All(Enumerable.Range(0, columns).Where(c => c != tempoColumn),
            c => Assert.True(meanRelative[c] <= 0.01, $"{header[c + 2]}: mean relative error {meanRelative[c]:P2}"));
        Assert.True(tempoEqual >= 0.9 * rows.Length, $"tempo equal on only {tempoEqual}/{rows.Length} tracks");
    }
}
