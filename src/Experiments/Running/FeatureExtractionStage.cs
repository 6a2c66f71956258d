using System.Collections.Concurrent;
using MlNetGenre.Core.Data;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Caching;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Decodes every track once, cuts it into the plan's windows, and computes all requested feature sets from each
/// item, in parallel across cores. Tracks that cannot be used are skipped and listed (or stop the run, if the policy
/// says so); a feature array with NaN or infinity is treated the same way, so no NaN ever reaches a model. Each
/// kept track's content hash goes into the dataset fingerprint that trial keys include.
/// </summary>
public static class FeatureExtractionStage
{
    public sealed record Result(IReadOnlyDictionary<string, FeatureTable> Tables, IReadOnlyList<BadFile> BadFiles, string Fingerprint);

    /// <param name="features">The sets to compute, by name.</param>
    public static Result Run(IAudioDataset dataset, IReadOnlyList<FeaturePlan> features, AudioPlan audio, BadFilePolicy policy, IRunLog log,
        CancellationToken cancellation, FeatureCache? cache = null)
    {
        // Files decoded at their native rate cannot be keyed before decoding, so only fixed-rate runs use the cache.
        if (audio.SampleRate is null) cache = null;
        string[] keys = features.Select(f => FeatureCache.KeyOf(string.Join("|", f.Describe(), $"rate={audio.SampleRate}", $"audio={audio}", $"code={CodeVersion.Features}"))).ToArray();
        int fromCache = 0;
        var tracks = dataset.Tracks;
        var items = new List<float[]>[tracks.Count][];
        var contents = new string[tracks.Count];
        var bad = new ConcurrentBag<BadFile>();
        var setsByRate = new ConcurrentDictionary<int, IFeatureSet[]>();
        IFeatureSet[] SetsAt(int rate) => setsByRate.GetOrAdd(rate, r => features.Select(f => f.Create(r, audio.ItemSamples(r))).ToArray());
        using (var progress = log.Stage($"Extracting {string.Join(", ", features.Select(f => f.Name))} from {tracks.Count} tracks", tracks.Count))
        {
            var options = new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, tracks.Count, options, i =>
            {
                var track = tracks[i];
                string name = track.Path ?? track.Id;
                try
                {
                    contents[i] = track.Path is null ? track.Id : FeatureCache.ContentHash(track.Path);
                    if (cache is not null && track.Path is not null && TryCached(cache, track.Path, keys, out var cached))
                    {
                        items[i] = cached;
                        Interlocked.Increment(ref fromCache);
                        progress.Advance();
                        return;
                    }
                    AudioSignal signal = dataset.Load(track);
                    if (audio.SampleRate is int rate && signal.SampleRate != rate)
                        throw new AudioDecodeException(name, $"is sampled at {signal.SampleRate} Hz but audio.sample_rate is {rate} Hz",
                            $"Set `sample_rate: {signal.SampleRate}` (or `native`) under audio:");
                    var sets = SetsAt(signal.SampleRate);
                    var windowing = audio.WindowingAt(signal.SampleRate);
                    var windows = windowing.Windows(signal.Samples.Length);
                    if (windows.Count == 0)
                        throw new AudioDecodeException(name, $"is {signal.DurationSeconds:F2} s long, shorter than one {audio.ClipSeconds} s clip",
                            "Use `remainder: pad` under audio:, shorter clips, or remove the file");
                    var perSet = sets.Select(_ => new List<float[]>()).ToArray();
                    foreach (var window in windows)
                    {
                        var clip = new AudioSignal(windowing.Cut(signal.Samples, window), signal.SampleRate);
                        for (int s = 0; s < sets.Length; s++)
                        {
                            float[] values = sets[s].Extract(clip);
                            if (!AllFinite(values))
                                throw new AudioDecodeException(name, $"gives non-finite '{features[s].Name}' features (silent or corrupt audio?)",
                                    "Check the file or remove it from the dataset");
                            perSet[s].Add(values);
                        }
                    }
                    items[i] = perSet;
                    if (cache is not null && track.Path is not null)
                        for (int s = 0; s < sets.Length; s++) cache.Put(track.Path, keys[s], perSet[s]);
                }
                catch (Exception e) when (e is AudioDecodeException or IOException or UnauthorizedAccessException)
                {
                    items[i] = null!;
                    bad.Add(new BadFile(track.Id, e is AudioDecodeException ? e.Message : $"{name}: {e.Message}"));
                }
                progress.Advance();
            });
        }
        if (cache is not null) log.Info($"Features: {fromCache} of {tracks.Count} tracks read from the cache ({cache.Root})");
        var badFiles = bad.Concat(dataset.Skipped.Select(s => new BadFile(s.TrackId, s.Reason)))
            .OrderBy(b => b.TrackId, StringComparer.Ordinal).ToList();
        if (badFiles.Count > 0 && policy == BadFilePolicy.Fail)
            throw new InvalidDataException($"{badFiles.Count} file(s) could not be used (dataset.bad_files: fail):{Environment.NewLine}" +
                string.Join(Environment.NewLine, badFiles.Select(b => "  " + b.Reason)));
        foreach (var b in badFiles) log.Warning($"skipped {b.Reason}");

        var kept = Enumerable.Range(0, tracks.Count).Where(i => items[i] is not null).ToArray();
        var classNames = kept.Select(i => tracks[i].Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        // One row per (track, window); window k of track t is "t#k".
        var rowTrack = kept.SelectMany(i => Enumerable.Range(0, items[i][0].Count).Select(k => (Track: i, Clip: k))).ToArray();
        var tables = new Dictionary<string, FeatureTable>();
        for (int s = 0; s < features.Count; s++)
        {
            var set = SetsAt(audio.SampleRate ?? 22050);
            int index = s;
            tables[features[s].Name] = new FeatureTable(
                rowTrack.Select(r => items[r.Track][index][r.Clip]).ToArray(),
                rowTrack.Select(r => Array.IndexOf(classNames, tracks[r.Track].Label)).ToArray(),
                rowTrack.Select(r => tracks[r.Track].Group).ToArray(),
                rowTrack.Select(r => audio.Clipped ? $"{tracks[r.Track].Id}#{r.Clip}" : tracks[r.Track].Id).ToArray(),
                classNames, set[index].FeatureNames)
            {
                ItemShape = set[index].Shape.ToArray(),
                TrackIds = rowTrack.Select(r => tracks[r.Track].Id).ToArray(),
            };
        }
        string fingerprint = DatasetFingerprint.Of(kept.Select(i => (tracks[i].Id, contents[i])));
        return new Result(tables, badFiles, fingerprint);
    }

    private static bool AllFinite(float[] values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
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
}
