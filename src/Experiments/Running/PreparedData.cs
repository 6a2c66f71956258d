using MlNetGenre.Core.Data;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// What an experiment trains on, before any model: the feature tables of the sets its models use, the files that
/// were skipped, the dataset fingerprint and the split plan. Shared by <c>run</c> and <c>validate</c>.
/// </summary>
public sealed record PreparedData(
    string Description,
    IReadOnlyDictionary<string, FeatureTable> Tables,
    IReadOnlyList<BadFile> BadFiles,
    string Fingerprint,
    IReadOnlyList<SplitPlan> Splits)
{
    public static PreparedData Load(ExperimentPlan plan, IReadOnlyList<ModelPlan> models, IRunLog log, CancellationToken cancellation)
    {
        var used = plan.Features.Where(f => models.Any(m => m.Features.Name == f.Name)).ToList();
        var opened = plan.Dataset.Kind.Open(new DatasetRequest(plan.Dataset.Path, plan.Audio.SampleRate, plan.Seed), plan.Dataset.Options);
        Dictionary<string, FeatureTable> tables;
        IReadOnlyList<BadFile> badFiles;
        string fingerprint;
        Func<string, string?>? partOfTrack = null;
        switch (opened)
        {
            case FeatureRows rows:
                var table = Include(rows.Table, plan.Dataset.Include, rows.Description);
                badFiles = rows.Skipped.Select(s => new BadFile(s.TrackId, s.Reason)).ToList();
                if (badFiles.Count > 0 && plan.Dataset.BadFiles == BadFilePolicy.Fail)
                    throw new InvalidDataException($"{badFiles.Count} row(s) could not be used (dataset.bad_files: fail):{Environment.NewLine}" +
                        string.Join(Environment.NewLine, badFiles.Select(b => "  " + b.Reason)));
                foreach (var b in badFiles) log.Warning($"skipped {b.Reason}");
                tables = used.ToDictionary(f => f.Name, _ => table);
                fingerprint = DatasetFingerprint.Of(table);
                log.Info($"Dataset: {rows.Description} ({table.Count} rows, {table.FeatureNames.Count} features)");
                if (rows.Parts is { } rowParts) partOfTrack = id => rowParts.GetValueOrDefault(id);
                break;
            case AudioTracks audio:
                var dataset = Included(plan, audio);
                log.Info($"Dataset: {dataset.Description} ({dataset.Tracks.Count} tracks)");
                var extraction = FeatureExtractionStage.Run(dataset, used, plan.Audio, plan.Dataset.BadFiles, log, cancellation, StoreRootOf(plan), plan.Dataset.InMemoryBytes);
                tables = new Dictionary<string, FeatureTable>(extraction.Tables);
                badFiles = extraction.BadFiles;
                fingerprint = extraction.Fingerprint;
                var parts = dataset.Tracks.ToDictionary(t => t.Id, t => t.Part);
                partOfTrack = id => parts.GetValueOrDefault(id);
                break;
            default:
                throw new InvalidOperationException($"dataset kind '{plan.Dataset.Kind.Name}' opened as {opened.GetType().Name}");
        }
        var first = tables.Values.First();
        if (first.Count == 0) throw new InvalidDataException("no usable items are left after skipping bad files; see the warnings above");
        RequireTwoClasses(first.ClassNames);
        var splits = SplitPlanner.Plan(plan.Split, plan.Seed, first, partOfTrack, badFiles.Select(b => b.TrackId).ToArray(), w => log.Warning("split: " + w));
        return new PreparedData(opened.Description, tables, badFiles, fingerprint, splits);
    }

    /// <summary>
    /// The split plan from the track list alone, reading no audio (for <c>validate</c> on datasets of any size): one
    /// row per track, without features. The splitter deals whole groups (tracks or artists) sorted and shuffled by the
    /// seed, so a run over the same tracks gets exactly these parts; a file that turns out unreadable during the run
    /// is left out there and reshuffles its class. Datasets of precomputed features are loaded as <see cref="Load"/> does.
    /// </summary>
    public static PreparedData PlanFromTrackList(ExperimentPlan plan, IReadOnlyList<ModelPlan> models, IRunLog log, CancellationToken cancellation)
    {
        var opened = plan.Dataset.Kind.Open(new DatasetRequest(plan.Dataset.Path, plan.Audio.SampleRate, plan.Seed), plan.Dataset.Options);
        if (opened is not AudioTracks audio) return Load(plan, models, log, cancellation);
        var dataset = Included(plan, audio);
        log.Info($"Dataset: {dataset.Description} ({dataset.Tracks.Count} tracks; split planned from the track list, no audio read)");
        var badFiles = dataset.Skipped.Select(s => new BadFile(s.TrackId, s.Reason)).ToList();
        foreach (var b in badFiles.Take(10)) log.Warning($"skipped {b.Reason}");
        if (badFiles.Count > 10) log.Warning($"... and {badFiles.Count - 10} more files skipped (missing or empty)");
        if (dataset.Tracks.Count == 0) throw new InvalidDataException("the dataset lists no usable tracks; see the warnings above");
        var tracks = dataset.Tracks;
        var classNames = tracks.Select(t => t.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        RequireTwoClasses(classNames);
        var table = new FeatureTable(tracks.Select(_ => Array.Empty<float>()).ToArray(), tracks.Select(t => Array.IndexOf(classNames, t.Label)).ToArray(),
            tracks.Select(t => t.Group).ToArray(), tracks.Select(t => t.Id).ToArray(), classNames, []);
        var parts = tracks.ToDictionary(t => t.Id, t => t.Part);
        var splits = SplitPlanner.Plan(plan.Split, plan.Seed, table, id => parts.GetValueOrDefault(id), badFiles.Select(b => b.TrackId).ToArray(),
            w => log.Warning("split: " + w));
        var used = plan.Features.Where(f => models.Any(m => m.Features.Name == f.Name));
        return new PreparedData(opened.Description, used.ToDictionary(f => f.Name, _ => table), badFiles, "", splits);
    }

    /// <summary>
    /// A cluster's feature step: extracts the features of one shard's tracks into the on-disk cache, where the
    /// trial steps find them. Returns the number of tracks of the shard (0 for a dataset of precomputed features).
    /// </summary>
    public static int ExtractShard(ExperimentPlan plan, IReadOnlyList<ModelPlan> models, Shard shard, IRunLog log, CancellationToken cancellation)
    {
        var used = plan.Features.Where(f => models.Any(m => m.Features.Name == f.Name)).ToList();
        var opened = plan.Dataset.Kind.Open(new DatasetRequest(plan.Dataset.Path, plan.Audio.SampleRate, plan.Seed), plan.Dataset.Options);
        if (opened is not AudioTracks audio)
        {
            log.Info($"Dataset: {opened.Description}: precomputed features, nothing to extract");
            return 0;
        }
        var dataset = new ShardedDataset(Included(plan, audio), shard);
        log.Info($"Dataset: {dataset.Description} ({dataset.Tracks.Count} tracks)");
        FeatureExtractionStage.Run(dataset, used, plan.Audio, plan.Dataset.BadFiles, log, cancellation, StoreRootOf(plan), inMemoryBytes: 0);
        return dataset.Tracks.Count;
    }

    private static void RequireTwoClasses(IReadOnlyList<string> classNames)
    {
        if (classNames.Count < 2)
            throw new InvalidDataException($"the data has one class ('{classNames.FirstOrDefault()}'); a classifier needs at least two. Check dataset.include or the labels.");
    }

    private static IAudioDataset Included(ExperimentPlan plan, AudioTracks audio) =>
        plan.Dataset.Include.Count == 0 ? audio.Dataset : new FilteredDataset(audio.Dataset, plan.Dataset.Include);

    /// <summary>Where the experiment's feature stores live: one folder per feature set and parameters, shared by its runs.</summary>
    public static string StoreRootOf(ExperimentPlan plan) => Path.Combine(plan.OutputRoot, ".feature-store");

    /// <summary>The rows of the <paramref name="labels"/> only (all when empty), with classes renumbered; unknown labels are an error.</summary>
    private static FeatureTable Include(FeatureTable table, IReadOnlyList<string> labels, string description)
    {
        if (labels.Count == 0) return table;
        var missing = labels.Where(l => !table.ClassNames.Contains(l)).ToArray();
        if (missing.Length > 0)
            throw new DatasetException($"{description} has no label(s) {string.Join(", ", missing)}; it has {string.Join(", ", table.ClassNames)}.");
        var keep = Enumerable.Range(0, table.Count).Where(i => labels.Contains(table.ClassNames[table.ClassIndex[i]])).ToArray();
        var names = labels.Order(StringComparer.Ordinal).ToArray();
        return table.Select(keep) with { ClassIndex = keep.Select(i => Array.IndexOf(names, table.ClassNames[table.ClassIndex[i]])).ToArray(), ClassNames = names };
    }
}
