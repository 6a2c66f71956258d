using System.Collections.Concurrent;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Caching;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Decodes every track once, cuts it into clips when asked, and computes all requested feature sets
/// from each item, in parallel across cores. Tracks that cannot be decoded are skipped and listed (or
/// stop the run, if the policy says so); a feature array with NaN or infinity is treated the same way,
/// so no NaN ever reaches a model.
/// </summary>
public static class FeatureExtractionStage
{
    public sealed record Result(IReadOnlyDictionary<string, FeatureTable> Tables, IReadOnlyList<BadFile> BadFiles);

    /// <summary>How tracks become items: whole tracks (ClipSeconds 0) or fixed-length clips.</summary>
    public sealed record ClipOptions(double ClipSeconds, double HopSeconds, bool PadRemainder);

    /// <param name="featureSets">The sets to compute, by name, for audio at the target rate.</param>
    /// <param name="sampleRate">The rate every track must have, or null (native) to take each file's own rate.</param>
    /// <param name="forRate">Creates the sets again for another rate (used when <paramref name="sampleRate"/> is null).</param>
    public static Result Run(IAudioDataset dataset, IReadOnlyDictionary<string, IFeatureSet> featureSets, int? sampleRate,
        ClipOptions clips, bool failOnBadFile, IRunLog log, CancellationToken cancellation, Func<int, IFeatureSet[]>? forRate = null,
        FeatureCache? cache = null)
    {
        // Files decoded at their native rate cannot be keyed before decoding, so only fixed-rate runs use the cache.
        if (sampleRate is null) cache = null;
        string[] keys = featureSets.Values.Select(set => FeatureCache.KeyOf(string.Join("|",
            new[] { set.Name, $"rate={sampleRate}", $"clip={clips.ClipSeconds}/{clips.HopSeconds}/{clips.PadRemainder}", $"code={CodeVersion.Value}" }
                .Concat(set.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))))).ToArray();
        int fromCache = 0;
        var tracks = dataset.Tracks;
        var items = new List<float[]>[tracks.Count][];
        var bad = new ConcurrentBag<BadFile>();
        var setsByRate = new ConcurrentDictionary<int, IFeatureSet[]>();
        using (var progress = log.Stage($"Extracting {string.Join(", ", featureSets.Keys)} from {tracks.Count} tracks", tracks.Count))
        {
            var options = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, tracks.Count, options, i =>
            {
                string name = tracks[i].Path ?? tracks[i].Id;
                try
                {
                    if (cache is not null && tracks[i].Path is string cachedPath && TryCached(cache, cachedPath, keys, out var cached))
                    {
                        items[i] = cached;
                        Interlocked.Increment(ref fromCache);
                        progress.Advance();
                        return;
                    }
                    AudioSignal signal = dataset.Load(tracks[i]);
                    if (sampleRate is int rate && signal.SampleRate != rate)
                        throw new AudioDecodeException(name, $"is sampled at {signal.SampleRate} Hz but audio.sample_rate is {rate} Hz",
                            $"Set `sample_rate: {signal.SampleRate}` (or `native`) under audio:");
                    var sets = sampleRate is null && forRate is not null
                        ? setsByRate.GetOrAdd(signal.SampleRate, forRate)
                        : featureSets.Values.ToArray();
                    var clipSignals = Cut(signal, clips);
                    if (clipSignals.Count == 0)
                        throw new AudioDecodeException(name, $"is {signal.DurationSeconds:F2} s long, shorter than one {clips.ClipSeconds} s clip",
                            "Use `remainder: pad` under audio:, shorter clips, or remove the file");
                    var perSet = sets.Select(_ => new List<float[]>()).ToArray();
                    foreach (var clip in clipSignals)
                    for (int s = 0; s < sets.Length; s++)
                    {
                        float[] values = sets[s].Extract(clip);
                        if (values.Any(v => !float.IsFinite(v)))
                            throw new AudioDecodeException(name, $"gives non-finite '{sets[s].Name}' features (silent or corrupt audio?)",
                                "Check the file or remove it from the dataset");
                        perSet[s].Add(values);
                    }
                    items[i] = perSet;
                    if (cache is not null && tracks[i].Path is string path)
                        for (int s = 0; s < sets.Length; s++) cache.Put(path, keys[s], perSet[s]);
                }
                catch (AudioDecodeException e)
                {
                    bad.Add(new BadFile(tracks[i].Id, e.Message));
                }
                progress.Advance();
            });
        }
        if (cache is not null) log.Info($"Features: {fromCache} of {tracks.Count} tracks read from the cache ({cache.Root})");
        var badFiles = bad.Concat(dataset.Skipped.Select(s => new BadFile(s.TrackId, s.Reason)))
            .OrderBy(b => b.TrackId, StringComparer.Ordinal).ToList();
        if (badFiles.Count > 0 && failOnBadFile)
            throw new InvalidDataException($"{badFiles.Count} file(s) could not be used (dataset.bad_files: fail):{Environment.NewLine}" +
                string.Join(Environment.NewLine, badFiles.Select(b => "  " + b.Reason)));
        foreach (var b in badFiles) log.Warning($"skipped {b.Reason}");

        var classNames = tracks.Select(t => t.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var kept = Enumerable.Range(0, tracks.Count).Where(i => items[i] is not null).ToArray();
        bool clipped = clips.ClipSeconds > 0;
        // One row per (track, clip); clip k of track t is "t#k".
        var rowTrack = kept.SelectMany(i => Enumerable.Range(0, items[i][0].Count).Select(k => (Track: i, Clip: k))).ToArray();
        var tables = new Dictionary<string, FeatureTable>();
        int setIndex = 0;
        foreach (var (name, set) in featureSets)
        {
            int s = setIndex++;
            tables[name] = new FeatureTable(
                rowTrack.Select(r => items[r.Track][s][r.Clip]).ToArray(),
                rowTrack.Select(r => Array.IndexOf(classNames, tracks[r.Track].Label)).ToArray(),
                rowTrack.Select(r => tracks[r.Track].Group).ToArray(),
                rowTrack.Select(r => clipped ? $"{tracks[r.Track].Id}#{r.Clip}" : tracks[r.Track].Id).ToArray(),
                classNames, set.FeatureNames)
            {
                ItemShape = set.Shape.ToArray(),
                TrackIds = rowTrack.Select(r => tracks[r.Track].Id).ToArray(),
            };
        }
        return new Result(tables, badFiles);
    }

    private static bool TryCached(FeatureCache cache, string path, string[] keys, out List<float[]>[] items)
    {
        var found = new List<float[]>[keys.Length];
        items = found;
        for (int s = 0; s < keys.Length; s++)
        {
            if (!cache.TryGet(path, keys[s], out float[][] values) || values.Length == 0) return false;
            found[s] = [.. values];
        }
        return found.All(set => set.Count == found[0].Count);
    }

    private static List<AudioSignal> Cut(AudioSignal signal, ClipOptions clips)
    {
        if (clips.ClipSeconds <= 0) return [signal];
        int length = (int)Math.Round(clips.ClipSeconds * signal.SampleRate);
        int hop = clips.HopSeconds > 0 ? (int)Math.Round(clips.HopSeconds * signal.SampleRate) : length;
        var result = new List<AudioSignal>();
        for (int start = 0; start < signal.Samples.Length; start += hop)
        {
            int available = signal.Samples.Length - start;
            if (available < length && !clips.PadRemainder) break;
            var samples = new float[length];
            Array.Copy(signal.Samples, start, samples, 0, Math.Min(length, available));
            result.Add(new AudioSignal(samples, signal.SampleRate));
            if (available <= length) break;
        }
        return result;
    }
}
