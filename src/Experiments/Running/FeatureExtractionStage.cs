using System.Collections.Concurrent;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.IO;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Caching;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Decodes every track once, cuts it into the plan's windows, and computes all requested feature sets from each
/// item, in parallel across cores, appending each track's items to the on-disk <see cref="FeatureStore"/> of each
/// set as soon as they are computed (memory holds only the tracks in flight). Tracks already in a store are not
/// decoded again, so a killed or interrupted extraction continues where it stopped. Tracks that cannot be used are
/// skipped and listed (or stop the run, if the policy says so); a feature array with NaN or infinity is treated the
/// same way, so no NaN ever reaches a model. Tables up to the in-memory limit are then read into memory; larger ones
/// stay in the store and are read batch by batch by their consumers. Each kept track's content hash goes into the
/// dataset fingerprint that trial keys include.
/// </summary>
public static class FeatureExtractionStage
{
    public sealed record Result(IReadOnlyDictionary<string, FeatureTable> Tables, IReadOnlyList<BadFile> BadFiles, string Fingerprint);

    /// <param name="features">The sets to compute, by name.</param>
    /// <param name="storeRoot">Where the feature stores live (one folder per set and parameters); null for a temporary
    /// store, deleted before returning, whose tables are all read into memory.</param>
    /// <param name="inMemoryBytes">Tables up to this size (together) are read into memory; larger ones are streamed.</param>
    public static Result Run(IAudioDataset dataset, IReadOnlyList<FeaturePlan> features, AudioPlan audio, BadFilePolicy policy, IRunLog log,
        CancellationToken cancellation, string? storeRoot = null, long inMemoryBytes = long.MaxValue)
    {
        string root = storeRoot ?? Directory.CreateTempSubdirectory("mlnetgenre-features-").FullName;
        try
        {
            return Extract(dataset, features, audio, policy, log, cancellation, root, storeRoot is null ? long.MaxValue : inMemoryBytes, storeRoot is not null);
        }
        finally
        {
            if (storeRoot is null) Directory.Delete(root, recursive: true);
        }
    }

    private static Result Extract(IAudioDataset dataset, IReadOnlyList<FeaturePlan> features, AudioPlan audio, BadFilePolicy policy, IRunLog log,
        CancellationToken cancellation, string root, long inMemoryBytes, bool reportStore)
    {
        string[] keys = features.Select(f => FeatureStore.KeyOf(string.Join("|", f.Describe(), $"rate={audio.SampleRate?.ToString() ?? "native"}", $"audio={audio}", $"code={CodeVersion.Features}"))).ToArray();
        try { Directory.CreateDirectory(root); }
        catch (Exception e) when (OutputWriteException.IsStorageFault(e)) { throw OutputWriteException.From(e, root); }
        using var hashes = AudioContentHash.Remembered(root);
        var stores = keys.Select(k => FeatureStore.Open(Path.Combine(root, k), message => log.Warning("feature store: " + message))).ToArray();
        try
        {
            int fromStore = 0;
            var tracks = dataset.Tracks;
            var stored = new StoredTrack[tracks.Count][];
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
                        contents[i] = track.Path is null ? track.Id : hashes.Of(track.Path);
                        // Generated tracks have no file: their content is the generator's description and the track id.
                        string content = track.Path is null ? "generated-" + FeatureStore.KeyOf(dataset.Generator + "\n" + track.Id) : contents[i];
                        var found = new StoredTrack?[stores.Length];
                        for (int s = 0; s < stores.Length; s++) found[s] = stores[s].TryFind(content, out var t) ? t : null;
                        if (found.All(f => f is not null) && found.All(f => f!.RowCount == found[0]!.RowCount))
                        {
                            stored[i] = found.Select(f => f!).ToArray();
                            Interlocked.Increment(ref fromStore);
                            progress.Advance();
                            return;
                        }
                        stored[i] = ExtractTrack(dataset, track, name, audio, features, SetsAt, stores, content, found);
                    }
                    catch (Exception e) when (e is AudioDecodeException or IOException or UnauthorizedAccessException)
                    {
                        stored[i] = null!;
                        bad.Add(new BadFile(track.Id, e is AudioDecodeException ? e.Message : $"{name}: {e.Message}"));
                    }
                    progress.Advance();
                });
            }
            if (reportStore) log.Info($"Features: {fromStore} of {tracks.Count} tracks read from the feature store ({root})");
            var badFiles = bad.Concat(dataset.Skipped.Select(s => new BadFile(s.TrackId, s.Reason)))
                .OrderBy(b => b.TrackId, StringComparer.Ordinal).ToList();
            if (badFiles.Count > 0 && policy == BadFilePolicy.Fail)
                throw new InvalidDataException($"{badFiles.Count} file(s) could not be used (dataset.bad_files: fail):{Environment.NewLine}" +
                    string.Join(Environment.NewLine, badFiles.Select(b => "  " + b.Reason)));
            foreach (var b in badFiles) log.Warning($"skipped {b.Reason}");

            var kept = Enumerable.Range(0, tracks.Count).Where(i => stored[i] is not null).ToArray();
            var classNames = kept.Select(i => tracks[i].Label).Distinct().Order(StringComparer.Ordinal).ToArray();
            // One row per (track, window); window k of track t is "t#k".
            var rowTrack = kept.SelectMany(i => Enumerable.Range(0, stored[i][0].RowCount).Select(k => (Track: i, Clip: k))).ToArray();
            var tables = new Dictionary<string, FeatureTable>();
            long memoryLeft = inMemoryBytes;
            for (int s = 0; s < features.Count; s++)
            {
                var set = SetsAt(audio.SampleRate ?? 22050);
                int index = s;
                IReadOnlyList<float[]> rows = FeatureStore.RowsOf(rowTrack.Select(r => (stored[r.Track][index], r.Clip)).ToArray());
                long bytes = rows.Count * (long)((IRowSource)rows).RowLength * sizeof(float);
                if (bytes <= memoryLeft)
                {
                    rows = ((IRowSource)rows).ReadAll();
                    memoryLeft -= bytes;
                }
                else log.Info($"Features '{features[s].Name}': {bytes / 1e9:F2} GB, over dataset.in_memory_mb, so read from the feature store batch by batch ({stores[s].Folder})");
                tables[features[s].Name] = new FeatureTable(rows,
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
        finally
        {
            foreach (var store in stores) store.Dispose();
        }
    }

    /// <summary>
    /// Decodes one track, computes every set on each of its windows, and appends to each store the sets it does not
    /// hold yet (<paramref name="found"/>); returns where each set's items are.
    /// </summary>
    private static StoredTrack[] ExtractTrack(IAudioDataset dataset, Track track, string name, AudioPlan audio, IReadOnlyList<FeaturePlan> features,
        Func<int, IFeatureSet[]> setsAt, FeatureStore[] stores, string content, StoredTrack?[] found)
    {
        AudioSignal signal = dataset.Load(track);
        if (audio.SampleRate is int rate && signal.SampleRate != rate)
            throw new AudioDecodeException(name, $"is sampled at {signal.SampleRate} Hz but audio.sample_rate is {rate} Hz",
                $"Set `sample_rate: {signal.SampleRate}` (or `native`) under audio:");
        var sets = setsAt(signal.SampleRate);
        var windowing = audio.WindowingAt(signal.SampleRate);
        var windows = windowing.Windows(signal.Samples.Length);
        if (windows.Count == 0)
            throw new AudioDecodeException(name, $"is {signal.DurationSeconds:F2} s long, shorter than one {audio.ClipSeconds} s clip",
                "Use `remainder: pad` under audio:, shorter clips, or remove the file");
        var perSet = sets.Select(_ => new List<float[]>()).ToArray();
        foreach (var window in windows)
        {
            var clip = new AudioSignal(windowing.CutOrShare(signal.Samples, window), signal.SampleRate);
            for (int s = 0; s < sets.Length; s++)
            {
                float[] values = sets[s].Extract(clip);
                if (!AllFinite(values))
                    throw new AudioDecodeException(name, $"gives non-finite '{features[s].Name}' features (silent or corrupt audio?)",
                        "Check the file or remove it from the dataset");
                perSet[s].Add(values);
            }
        }
        return Enumerable.Range(0, sets.Length)
            .Select(s => found[s] is { } known && known.RowCount == windows.Count ? known : stores[s].Append(content, perSet[s])).ToArray();
    }

    private static bool AllFinite(float[] values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
