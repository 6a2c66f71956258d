using System.Collections.Concurrent;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Decodes every track once and computes all requested feature sets from it, in parallel across
/// cores. Tracks that cannot be decoded are skipped and listed (or stop the run, if the policy says so);
/// a feature vector with NaN or infinity is treated the same way, so no NaN ever reaches a model.
/// </summary>
public static class FeatureExtractionStage
{
    public sealed record Result(IReadOnlyDictionary<string, FeatureTable> Tables, IReadOnlyList<BadFile> BadFiles);

    public static Result Run(IAudioDataset dataset, IReadOnlyDictionary<string, IFeatureSet> featureSets,
        int sampleRate, bool failOnBadFile, IRunLog log, CancellationToken cancellation)
    {
        var tracks = dataset.Tracks;
        var vectors = new float[tracks.Count][][];
        var bad = new ConcurrentBag<BadFile>();
        var sets = featureSets.Values.ToArray();
        using (var progress = log.Stage($"Extracting {string.Join(", ", featureSets.Keys)} from {tracks.Count} tracks", tracks.Count))
        {
            var options = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, tracks.Count, options, i =>
            {
                try
                {
                    AudioSignal signal = dataset.Load(tracks[i]);
                    if (signal.SampleRate != sampleRate)
                        throw new AudioDecodeException(tracks[i].Path ?? tracks[i].Id,
                            $"is sampled at {signal.SampleRate} Hz but dataset.sample_rate is {sampleRate} Hz",
                            $"Set `sample_rate: {signal.SampleRate}` in the dataset section (resampling is not available yet)");
                    float[][] row = sets.Select(s => s.Extract(signal)).ToArray();
                    int setIndex = Array.FindIndex(row, r => r.Any(v => !float.IsFinite(v)));
                    if (setIndex >= 0)
                        throw new AudioDecodeException(tracks[i].Path ?? tracks[i].Id,
                            $"gives non-finite '{sets[setIndex].Name}' features (silent or corrupt audio?)", "Check the file or remove it from the dataset");
                    vectors[i] = row;
                }
                catch (AudioDecodeException e)
                {
                    bad.Add(new BadFile(tracks[i].Id, e.Message));
                }
                progress.Advance();
            });
        }
        var badFiles = bad.OrderBy(b => b.TrackId, StringComparer.Ordinal).ToList();
        if (badFiles.Count > 0 && failOnBadFile)
            throw new InvalidDataException($"{badFiles.Count} file(s) could not be used (dataset.bad_files: fail):{Environment.NewLine}" +
                string.Join(Environment.NewLine, badFiles.Select(b => "  " + b.Reason)));
        foreach (var b in badFiles) log.Warning($"skipped {b.Reason}");

        var kept = Enumerable.Range(0, tracks.Count).Where(i => vectors[i] is not null).ToArray();
        var classNames = tracks.Select(t => t.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var classIndex = kept.Select(i => Array.IndexOf(classNames, tracks[i].Label)).ToArray();
        var tables = new Dictionary<string, FeatureTable>();
        int s = 0;
        foreach (var (name, set) in featureSets)
        {
            int setIndex = s++;
            tables[name] = new FeatureTable(
                kept.Select(i => vectors[i][setIndex]).ToArray(), classIndex,
                kept.Select(i => tracks[i].Group).ToArray(), kept.Select(i => tracks[i].Id).ToArray(),
                classNames, set.FeatureNames) { ItemShape = set.Shape.ToArray() };
        }
        return new Result(tables, badFiles);
    }
}
