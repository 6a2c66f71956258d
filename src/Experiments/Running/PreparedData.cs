using MlNetGenre.Experiments.Spec;
using MlNetGenre.Experiments.Splits;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// What an experiment trains on, before any model: the feature tables of the sets its models use,
/// the files that were skipped, and the split plan. Shared by <c>run</c> and <c>validate</c>.
/// </summary>
public sealed record PreparedData(
    string Description,
    IReadOnlyDictionary<string, FeatureTable> Tables,
    IReadOnlyDictionary<string, IFeatureSet> FeatureSets,
    IReadOnlyList<BadFile> BadFiles,
    IReadOnlyList<SplitPlan> Plans)
{
    /// <param name="outputRoot">Where runs go (the feature cache lives in its .feature-cache folder); default: the spec's output.</param>
    public static PreparedData Load(ExperimentSpec spec, string? datasetRoot, IReadOnlyList<ModelSpec> models, IRunLog log, CancellationToken cancellation,
        string? outputRoot = null)
    {
        var used = models.Select(m => m.Features).Distinct().ToArray();
        var features = spec.Features.Where(f => used.Contains(f.Name)).ToList();
        Dictionary<string, FeatureTable> tables;
        var sets = new Dictionary<string, IFeatureSet>();
        IReadOnlyList<BadFile> badFiles = [];
        string description;
        Func<string, string?>? partOfTrack = null;
        if (spec.Dataset.Kind == "features-csv")
        {
            var (table, skipped, csvDescription) = DatasetFactory.LoadFeaturesCsv(spec, datasetRoot);
            tables = features.ToDictionary(f => f.Name, _ => table);
            badFiles = skipped;
            description = csvDescription;
            log.Info($"Dataset: {description} ({table.Count} rows, {table.FeatureNames.Count} features)");
        }
        else
        {
            var dataset = DatasetFactory.Create(spec, datasetRoot);
            description = dataset.Description;
            log.Info($"Dataset: {description} ({dataset.Tracks.Count} tracks)");
            int? rate = spec.Audio.SampleRate == "native" ? null : int.Parse(spec.Audio.SampleRate, System.Globalization.CultureInfo.InvariantCulture);
            if (rate is null && features.Any(f => FeatureSetCatalog.IsMatrix(f.Set)))
                throw new SpecException(spec.SourceFile, spec.Audio.Line, spec.Audio.Column, "2-D feature sets need a fixed sample_rate, not native");
            double clipSeconds = spec.Audio.ClipSeconds > 0 ? spec.Audio.ClipSeconds : spec.Dataset.Seconds;
            int clipSamples = (int)Math.Round(clipSeconds * (rate ?? 22050));
            foreach (var f in features) sets[f.Name] = FeatureSetRegistry.Create(f, rate ?? 22050, clipSamples);
            var clips = new FeatureExtractionStage.ClipOptions(spec.Audio.ClipSeconds, spec.Audio.ClipHopSeconds, spec.Audio.Remainder == "pad");
            var extraction = FeatureExtractionStage.Run(dataset, sets, rate, clips, spec.Dataset.BadFiles == "fail", log, cancellation,
                nativeRate => features.Select(f => FeatureSetRegistry.Create(f, nativeRate, (int)Math.Round(clipSeconds * nativeRate))).ToArray(),
                new Features.Caching.FeatureCache(Path.Combine(Path.GetFullPath(outputRoot ?? spec.Output), ".feature-cache")));
            tables = new Dictionary<string, FeatureTable>(extraction.Tables);
            var parts = dataset.Tracks.ToDictionary(t => t.Id, t => t.Part);
            partOfTrack = id => parts.GetValueOrDefault(id);
            badFiles = extraction.BadFiles;
        }
        var first = tables.Values.First();
        if (first.Count == 0) throw new InvalidDataException("no usable items are left after skipping bad files; see the warnings above");
        var plans = SplitPlanner.Plan(spec.Split, spec.Seed, first, path => SpecValidator.ResolvePath(spec, path), partOfTrack);
        return new PreparedData(description, tables, sets, badFiles, plans);
    }
}
