using System.Globalization;
using System.Text.RegularExpressions;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Spec;
using MlNetGenre.Experiments.Plan.Schema;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// Reads an experiment YAML file into an <see cref="ExperimentPlan"/>: the only place that reads YAML keys. The
/// schema is the option records under Plan/Schema and the registered components' own options; every problem is a
/// <see cref="SpecException"/> naming <c>file:line:column</c> and what is allowed there, raised before anything runs.
/// </summary>
public static partial class PlanReader
{
    /// <summary>Experiment files are small; a bigger one is a mistake (or an attack), not an experiment.</summary>
    public const long MaxFileBytes = 1 << 20;

    private static readonly string[] RootKeys = ["name", "seed", "dataset", "audio", "features", "split", "models", "scoring", "report", "output", "reference"];
    private static readonly string[] FeatureKeys = ["name", "set", "params"];
    private static readonly string[] ModelKeys = ["name", "family", "features", "params", "train", "grid", "cv", "export"];

    /// <summary>Reads and resolves a file; <paramref name="datasetRoot"/> (--dataset-root) replaces dataset.path.</summary>
    public static ExperimentPlan ReadFile(string path, string? datasetRoot = null, string? outputRoot = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"Experiment file '{path}' does not exist.", path);
        if (info.Length > MaxFileBytes) throw new SpecException(path, 1, 1, $"the file is {info.Length:N0} bytes; experiment files are at most {MaxFileBytes:N0}");
        return Parse(File.ReadAllText(path), Path.GetFullPath(path), datasetRoot, outputRoot);
    }

    /// <summary>Resolves YAML text; <paramref name="file"/> names it in errors and is the base of relative paths.</summary>
    public static ExperimentPlan Parse(string yaml, string file, string? datasetRoot = null, string? outputRoot = null)
    {
        var root = Mapping(SpecYamlReader.Read(yaml, file), "the experiment file");
        Keys(root, RootKeys, [], "the experiment file");
        var dataset = root.Find("dataset") is { } d ? ReadDataset(Mapping(d.Value, "dataset"), Path.GetDirectoryName(file) ?? ".", datasetRoot) : null;
        Keys(root, RootKeys, ["name", "dataset", "features", "models"], "the experiment file");
        string name = Scalar<string>(root.Find("name")!.Value, "name");
        if (!SafeName().IsMatch(name))
            throw new SpecException(root.Find("name")!.Value.Position, $"name '{Short(name)}' must be a word of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit), such as 'quickstart'; it names the output folder");
        int seed = root.Find("seed") is { } s ? Scalar<int>(s.Value, "seed") : 42;
        string folder = Path.GetDirectoryName(file) ?? ".";

        var audio = ReadAudio(root.Find("audio")?.Value, dataset!);
        var features = ReadFeatures(Sequence(root.Find("features")!.Value, "features"), dataset!, audio);
        var split = ReadSplit(root.Find("split")?.Value, dataset!, folder);
        var models = ReadModels(Sequence(root.Find("models")!.Value, "models"), features);
        var scoring = Bind(new ScoringSection(), root.Find("scoring")?.Value, "scoring");
        var report = Bind(new ReportSection(), root.Find("report")?.Value, "report");
        string output = outputRoot ?? (root.Find("output") is { } o ? Scalar<string>(o.Value, "output") : "artifacts");
        var reference = root.Find("reference") is { } r ? ReadReference(Mapping(r.Value, "reference"), models) : null;
        return new ExperimentPlan(name, seed, file, yaml, dataset!, audio, features, split, models, scoring.Device, report.Formats, Path.GetFullPath(output), reference);
    }

    /// <summary><c>reference: {source: "...", models: {model-name: {accuracy: 0.681, ...}}}</c>: published figures to show beside ours.</summary>
    private static ReferenceFigures ReadReference(SpecMapping mapping, IReadOnlyList<ModelPlan> models)
    {
        Keys(mapping, ["source", "models"], ["source", "models"], "reference");
        string source = Scalar<string>(mapping.Find("source")!.Value, "source");
        var figures = new Dictionary<string, PublishedFigures>(StringComparer.Ordinal);
        foreach (var entry in Mapping(mapping.Find("models")!.Value, "reference.models").Entries)
        {
            if (models.All(m => m.Name != entry.Key.Text))
                throw new SpecException(entry.Key.Position, $"reference for unknown model '{Short(entry.Key.Text)}'; models: {string.Join(", ", models.Select(m => m.Name))}");
            var section = Bind(new PublishedFiguresSection(), entry.Value, $"reference.models.{entry.Key.Text}");
            if (section is { Accuracy: null, MacroF1: null, MacroAuc: null })
                throw new SpecException(entry.Value.Position, $"reference for '{entry.Key.Text}' gives no figure; give accuracy, macro_f1 or macro_auc");
            figures[entry.Key.Text] = new PublishedFigures(section.Accuracy, section.MacroF1, section.MacroAuc);
        }
        return new ReferenceFigures(source, figures);
    }

    private static DatasetPlan ReadDataset(SpecMapping mapping, string folder, string? datasetRoot)
    {
        var commonKeys = OptionBinder.Describe(typeof(DatasetSection)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        if (mapping.Find("kind") is null) throw new SpecException(mapping.Position, $"dataset needs 'kind:'; allowed: {string.Join(", ", DatasetKinds.Registry.Names)}");
        var common = OptionBinder.Bind(new DatasetSection(), mapping.Entries.Where(e => commonKeys.Contains(e.Key.Text)), "dataset");
        var kindValue = mapping.Find("kind")!.Value;
        if (!DatasetKinds.Registry.TryGet(common.Kind, out var kind))
            throw new SpecException(kindValue.Position, $"unknown dataset kind '{Short(common.Kind)}'; allowed: {string.Join(", ", DatasetKinds.Registry.Names)}");
        var own = mapping.Entries.Where(e => !commonKeys.Contains(e.Key.Text)).ToArray();
        var extraKeys = OptionBinder.Describe(kind.DefaultOptions.GetType()).Select(o => o.Name).ToArray();
        foreach (var entry in own)
            if (!extraKeys.Contains(entry.Key.Text))
                throw new SpecException(entry.Key.Position, $"unknown key '{Short(entry.Key.Text)}' for a '{kind.Name}' dataset; allowed here: {string.Join(", ", commonKeys.Order().Concat(extraKeys))}");
        object options = OptionBinder.Bind(kind.DefaultOptions, own, $"dataset kind '{kind.Name}'");

        string? path = null;
        if (kind.Capabilities.NeedsPath)
        {
            if (datasetRoot is null && common.Path is null)
                throw new SpecException(mapping.Position, $"a '{kind.Name}' dataset needs 'path:' (or --dataset-root)");
            path = datasetRoot is not null ? Path.GetFullPath(datasetRoot) : Path.GetFullPath(Path.Combine(folder, common.Path!));
            bool exists = kind.Capabilities.PathIsFile ? File.Exists(path) : Directory.Exists(path);
            var at = mapping.Find("path")?.Value.Position ?? mapping.Position;
            if (!exists)
                throw new SpecException(at, $"dataset path '{common.Path ?? datasetRoot}' does not exist (resolved to {path}); fix 'path:' or pass --dataset-root");
        }
        return new DatasetPlan(kind, options, path, common.Include, common.BadFiles, common.InMemoryMb);
    }

    private static AudioPlan ReadAudio(SpecValue? value, DatasetPlan dataset)
    {
        var section = Bind(new AudioSection(), value, "audio");
        int? rate = null;
        if (section.SampleRate != "native")
        {
            var at = (value as SpecMapping)?.Find("sample_rate")?.Value.Position ?? value?.Position ?? default;
            if (!int.TryParse(section.SampleRate, NumberStyles.None, CultureInfo.InvariantCulture, out int hz) || hz is < 4000 or > 192_000)
                throw new SpecException(at, $"sample_rate must be a rate in Hz from 4000 to 192000, or native, not '{Short(section.SampleRate)}'");
            rate = hz;
        }
        if (rate is null && section.ClipSeconds > 0)
            throw new SpecException(value!.Position, "clips need a fixed sample_rate (their length in samples is part of the exported model), not native");
        if (dataset.Capabilities.ProvidesFeatureRows && section.ClipSeconds > 0)
            throw new SpecException(value!.Position, "a features-csv dataset has no audio to cut: leave clip_seconds at 0");
        double hop = section.ClipHopSeconds > 0 ? section.ClipHopSeconds : section.ClipSeconds;
        double? itemSeconds = section.ClipSeconds > 0 ? section.ClipSeconds : dataset.Kind.TrackSeconds(dataset.Options);
        return new AudioPlan(rate, section.ClipSeconds, hop, section.Remainder, section.MinRemainder, itemSeconds);
    }

    private static IReadOnlyList<FeaturePlan> ReadFeatures(SpecSequence sequence, DatasetPlan dataset, AudioPlan audio)
    {
        if (sequence.Items.Count == 0) throw new SpecException(sequence.Position, "features: define at least one feature set");
        var features = new List<FeaturePlan>();
        foreach (var item in sequence.Items)
        {
            var mapping = Mapping(item, "a feature set");
            Keys(mapping, FeatureKeys, ["name", "set"], "a feature set");
            string name = Name(mapping, "feature set");
            if (features.Any(f => f.Name == name)) throw new SpecException(mapping.Position, $"feature set name '{name}' is defined twice");
            var setValue = mapping.Find("set")!.Value;
            string set = Scalar<string>(setValue, "set");
            var parameters = mapping.Find("params") is { } p ? Mapping(p.Value, "params") : null;
            if (set == FeaturePlan.CsvSet)
            {
                if (!dataset.Capabilities.ProvidesFeatureRows) throw new SpecException(setValue.Position, $"'set: {FeaturePlan.CsvSet}' needs a features-csv dataset");
                if (parameters is { Entries.Count: > 0 }) throw new SpecException(parameters.Position, $"'set: {FeaturePlan.CsvSet}' takes no params (choose columns with dataset.columns)");
                features.Add(new FeaturePlan(name, null, null));
                continue;
            }
            if (dataset.Capabilities.ProvidesFeatureRows)
                throw new SpecException(setValue.Position, $"a features-csv dataset provides its own columns: use 'set: {FeaturePlan.CsvSet}' (not '{Short(set)}')");
            if (!FeatureSetKinds.Registry.TryGet(set, out var kind))
                throw new SpecException(setValue.Position, $"unknown feature set '{Short(set)}'; allowed: {string.Join(", ", FeatureSetKinds.Registry.Names.Append(FeaturePlan.CsvSet))}");
            object options = OptionBinder.Bind(kind.DefaultOptions, parameters?.Entries ?? [], $"feature set '{kind.Name}'");
            if (kind.IsMatrix && audio.ItemSeconds is null)
                throw new SpecException(setValue.Position, $"'{kind.Name}' is a 2-D input whose shape depends on the clip length: set audio.clip_seconds");
            if (kind.IsMatrix && audio.SampleRate is null)
                throw new SpecException(setValue.Position, $"'{kind.Name}' is a 2-D input: its shape needs a fixed audio.sample_rate, not native");
            int rate = audio.SampleRate ?? 22050;
            try
            {
                kind.Create(options, rate, audio.ItemSamples(rate)); // options that do not go together (n_mfcc > n_mels, ...) fail here
            }
            catch (ArgumentException e)
            {
                throw new SpecException(parameters?.Position ?? mapping.Position, $"feature set '{name}': {e.Message}");
            }
            features.Add(new FeaturePlan(name, kind, options));
        }
        return features;
    }

    private static SplitSettings ReadSplit(SpecValue? value, DatasetPlan dataset, string folder)
    {
        var section = Bind(new SplitSection(), value, "split");
        var position = value?.Position ?? default;
        string? List(string? path, string key)
        {
            if (path is null) return null;
            string full = Path.GetFullPath(Path.Combine(folder, path));
            if (!File.Exists(full)) throw new SpecException(position, $"split list {key}: '{path}' does not exist (resolved to {full})");
            return full;
        }
        if (section.Kind == SplitKind.Predefined && (section.Train is null || section.Test is null))
            throw new SpecException(position, "a predefined split needs 'train:' and 'test:' (files listing track ids)");
        if (section.Kind != SplitKind.Predefined && (section.Train ?? section.Valid ?? section.Test) is not null)
            throw new SpecException(position, "train:, valid: and test: lists belong to 'kind: predefined'");
        if (section.GroupBy == Core.Splitting.Grouping.Artist && !dataset.Capabilities.HasArtists)
            throw new SpecException(position, $"group_by: artist needs a dataset that knows artists (fma); '{dataset.Kind.Name}' does not");
        if (section.Kind == SplitKind.Official && !dataset.Capabilities.HasOfficialSplit)
            throw new SpecException(position, $"split kind 'official' uses the dataset's own split (fma); '{dataset.Kind.Name}' has none: use predefined lists");
        return new SplitSettings(section.Kind, section.TestFraction, section.ValidationFraction, section.K,
            List(section.Train, "train"), List(section.Valid, "valid"), List(section.Test, "test"), section.GroupBy, section.Repeats);
    }

    private static IReadOnlyList<ModelPlan> ReadModels(SpecSequence sequence, IReadOnlyList<FeaturePlan> features)
    {
        if (sequence.Items.Count == 0) throw new SpecException(sequence.Position, "models: list at least one model");
        var models = new List<ModelPlan>();
        foreach (var item in sequence.Items)
        {
            var mapping = Mapping(item, "a model");
            Keys(mapping, ModelKeys, ["name", "family", "features"], "a model");
            string name = Name(mapping, "model");
            if (models.Any(m => m.Name == name)) throw new SpecException(mapping.Position, $"model name '{name}' is used twice");
            var familyValue = mapping.Find("family")!.Value;
            string familyName = Scalar<string>(familyValue, "family");
            if (!ModelFamilies.Registry.TryGet(familyName, out var family))
                throw new SpecException(familyValue.Position, $"unknown model family '{Short(familyName)}'; allowed: {string.Join(", ", ModelFamilies.Registry.Names)}");
            var featuresValue = mapping.Find("features")!.Value;
            string featureName = Scalar<string>(featuresValue, "features");
            var feature = features.FirstOrDefault(f => f.Name == featureName)
                ?? throw new SpecException(mapping.Position, $"model '{name}' asks for feature set '{Short(featureName)}', which is not defined under features:; defined: {string.Join(", ", features.Select(f => f.Name))}");
            if (family.Accepts == ModelInput.Vector && feature.IsMatrix)
                throw new SpecException(featuresValue.Position, $"family '{family.Name}' takes feature vectors; '{featureName}' is a 2-D {feature.KindName} input");
            if (family.Accepts == ModelInput.Matrix && !feature.IsMatrix)
                throw new SpecException(featuresValue.Position, $"family '{family.Name}' takes 2-D inputs (stft, logmel, mfcc-matrix); '{featureName}' is a {feature.KindName} vector");

            var fixedEntries = new List<SpecEntry>();
            foreach (string key in new[] { "params", "train" })
                if (mapping.Find(key) is { } section)
                    foreach (var entry in Mapping(section.Value, key).Entries)
                    {
                        if (fixedEntries.FirstOrDefault(e => e.Key.Text == entry.Key.Text) is { } first)
                            throw new SpecException(entry.Key.Position, $"'{entry.Key.Text}' is given twice (line {first.Key.Position.Line}); params, train and grid must not overlap");
                        fixedEntries.Add(entry);
                    }
            var grid = mapping.Find("grid") is { } g ? Mapping(g.Value, "grid") : null;
            foreach (var entry in grid?.Entries ?? [])
                if (fixedEntries.FirstOrDefault(e => e.Key.Text == entry.Key.Text) is { } first)
                    throw new SpecException(entry.Key.Position, $"'{entry.Key.Text}' is both fixed (line {first.Key.Position.Line}) and in the grid; give it once");
            var candidates = GridExpansion.Candidates(fixedEntries, grid)
                .Select(entries => OptionBinder.Bind(family.DefaultOptions, entries, $"family '{family.Name}'")).ToList();
            foreach (object candidate in candidates)
                if (family.Problem(candidate) is { } problem)
                    throw new SpecException((grid ?? (SpecValue?)mapping.Find("params")?.Value ?? mapping).Position, $"model '{name}': {problem}");
            var cv = Bind(new CvSection(), mapping.Find("cv")?.Value, "cv");
            var export = Bind(new ExportSection(), mapping.Find("export")?.Value, "export");
            if (export.AudioIn && Export.AudioInExport.Problem(feature.KindName, feature.Options) is { } audioInProblem)
                throw new SpecException(mapping.Find("export")!.Value.Position, $"model '{name}': export.audio_in: {audioInProblem}");
            models.Add(new ModelPlan(name, family, feature, candidates, new CvSettings(cv.Folds, cv.Metric), mapping.Position, export.AudioIn));
        }
        return models;
    }

    private static T Bind<T>(T defaults, SpecValue? value, string section) where T : class =>
        value is null ? defaults : OptionBinder.Bind(defaults, Mapping(value, section).Entries, $"{section}:");

    private static SpecMapping Mapping(SpecValue value, string what) => value as SpecMapping
        ?? throw new SpecException(value.Position, $"{what} must be a mapping of 'key: value' lines, not {value.Describe()}");

    private static SpecSequence Sequence(SpecValue value, string what) => value as SpecSequence
        ?? throw new SpecException(value.Position, $"{what} must be a list ('- ' items), not {value.Describe()}");

    private static T Scalar<T>(SpecValue value, string key) => (T)OptionValues.Convert(value, typeof(T), key, double.NaN, double.NaN)!;

    private static string Name(SpecMapping mapping, string what)
    {
        var value = mapping.Find("name")!.Value;
        string name = Scalar<string>(value, "name");
        return SafeName().IsMatch(name)
            ? name
            : throw new SpecException(value.Position, $"{what} name '{Short(name)}' must be a word of letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit): it names files");
    }

    /// <summary>Unknown keys are errors at the key listing the allowed ones; missing required keys are errors at the mapping.</summary>
    private static void Keys(SpecMapping mapping, string[] allowed, string[] required, string what)
    {
        foreach (var entry in mapping.Entries)
            if (!allowed.Contains(entry.Key.Text))
                throw new SpecException(entry.Key.Position, $"unknown key '{Short(entry.Key.Text)}' in {what}; allowed here: {string.Join(", ", allowed)}");
        var missing = required.Where(r => mapping.Find(r) is null).ToArray();
        if (missing.Length > 0)
            throw new SpecException(mapping.Position, $"{what} is missing required key(s) {string.Join(", ", missing)}");
    }

    private static string Short(string text) => text.Length > 60 ? text[..57] + "..." : text;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SafeName();
}
