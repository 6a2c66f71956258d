using System.Globalization;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// Checks what the YAML means: known kinds, existing paths, known families and parameters of the
/// right kind, models that refer to defined feature sets. Every error names file:line:column.
/// </summary>
public static class SpecValidator
{
    public static readonly string[] DatasetKinds = ["synthetic", "folder", "gtzan", "ballroom", "garageband", "fma", "features-csv"];
    public static readonly string[] SplitKinds = ["holdout", "kfold", "predefined", "official"];
    public static readonly string[] Groupings = ["track", "artist", "none"];
    public static readonly string[] CvMetrics = ["accuracy", "macro_f1"];
    public static readonly string[] Devices = ["auto", "cpu", "cuda"];
    public static readonly string[] ReportFormats = ["html", "md", "csv"];

    public static void Validate(ExperimentSpec spec, string? datasetRoot = null)
    {
        string file = spec.SourceFile;
        SpecException Error(SpecNode node, string problem) => new(file, node.Line, node.Column, problem);
        string OneOf(IEnumerable<string> allowed) => "allowed: " + string.Join(", ", allowed);

        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || spec.Name.Contains(' '))
            throw Error(spec, $"name '{spec.Name}' must be a non-empty file-name-safe word such as 'quickstart'");

        var dataset = spec.Dataset;
        if (!DatasetKinds.Contains(dataset.Kind))
            throw Error(dataset, $"unknown dataset kind '{dataset.Kind}'; {OneOf(DatasetKinds)}");
        if (dataset.Kind == "synthetic")
        {
            if (dataset.Genres < 2 || dataset.TracksPerGenre < 2 || dataset.Seconds <= 0.5)
                throw Error(dataset, "a synthetic dataset needs genres >= 2, tracks_per_genre >= 2 and seconds > 0.5");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(dataset.Path) && datasetRoot is null)
                throw Error(dataset, $"a '{dataset.Kind}' dataset needs 'path:' (or --dataset-root)");
            string resolved = datasetRoot is null ? ResolvePath(spec, dataset.Path!) : Path.GetFullPath(datasetRoot);
            bool exists = dataset.Kind == "features-csv" ? File.Exists(resolved) : Directory.Exists(resolved);
            if (!exists)
                throw Error(dataset, $"dataset path '{dataset.Path ?? datasetRoot}' does not exist (resolved to {resolved}); fix 'path:' or pass --dataset-root");
        }
        if (dataset.BadFiles is not ("skip" or "fail"))
            throw Error(dataset, $"bad_files must be 'skip' or 'fail', not '{dataset.BadFiles}'");
        if (dataset.Kind == "fma" && dataset.Subset is not ("small" or "medium" or "large" or "full"))
            throw Error(dataset, $"fma subset '{dataset.Subset}' is unknown; allowed: small, medium, large, full");

        var audio = spec.Audio;
        if (audio.SampleRate != "native" && (!int.TryParse(audio.SampleRate, NumberStyles.None, CultureInfo.InvariantCulture, out int rate) || rate < 4000))
            throw Error(audio, $"sample_rate must be a rate in Hz (>= 4000) or 'native', not '{audio.SampleRate}'");
        if (audio.ClipSeconds < 0 || audio.ClipHopSeconds < 0)
            throw Error(audio, "clip_seconds and clip_hop_seconds must be >= 0 (0 = whole tracks)");
        if (audio.Remainder is not ("drop" or "pad"))
            throw Error(audio, $"remainder must be 'drop' or 'pad', not '{audio.Remainder}'");

        if (spec.Features.Count == 0) throw Error(spec, "features: define at least one feature set");
        var featureNames = new HashSet<string>();
        foreach (var feature in spec.Features)
        {
            if (!featureNames.Add(feature.Name)) throw Error(feature, $"feature set name '{feature.Name}' is defined twice");
            double clipSeconds = audio.ClipSeconds > 0 ? audio.ClipSeconds : dataset.Kind == "synthetic" ? dataset.Seconds : 0;
            string? problem = FeatureSetRegistry.Check(feature.Set, feature.Params, dataset.Kind == "features-csv", clipSeconds);
            if (problem is not null) throw Error(feature, problem);
        }

        var split = spec.Split;
        if (!SplitKinds.Contains(split.Kind)) throw Error(split, $"unknown split kind '{split.Kind}'; {OneOf(SplitKinds)}");
        if (split.Kind == "holdout" && split.TestFraction is <= 0 or >= 1)
            throw Error(split, "test_fraction must be between 0 and 1 (e.g. 0.25)");
        if (split.ValidationFraction is < 0 or >= 1)
            throw Error(split, "validation_fraction must be in [0, 1)");
        if (split.Kind == "kfold" && split.K < 2) throw Error(split, "k must be at least 2");
        if (split.Kind == "predefined")
        {
            foreach (var (key, path) in new[] { ("train", split.Train), ("test", split.Test) })
                if (string.IsNullOrWhiteSpace(path)) throw Error(split, $"a predefined split needs '{key}:' (a file listing track ids)");
            foreach (string? path in new[] { split.Train, split.Valid, split.Test })
                if (path is not null && !File.Exists(ResolvePath(spec, path)))
                    throw Error(split, $"split list '{path}' does not exist (resolved to {ResolvePath(spec, path)})");
        }
        if (!Groupings.Contains(split.GroupBy)) throw Error(split, $"unknown group_by '{split.GroupBy}'; {OneOf(Groupings)}");
        if (split.GroupBy == "artist" && dataset.Kind != "fma")
            throw Error(split, $"group_by: artist needs a dataset that knows artists (fma); '{dataset.Kind}' does not");
        if (split.Kind == "official" && dataset.Kind != "fma")
            throw Error(split, $"split kind 'official' uses the dataset's own split (fma); '{dataset.Kind}' has none: use predefined lists");
        if (split.Repeats < 1) throw Error(split, "repeats must be at least 1");

        if (!Devices.Contains(spec.Scoring.Device)) throw Error(spec.Scoring, $"unknown device '{spec.Scoring.Device}'; {OneOf(Devices)}");
        foreach (string format in spec.Report.Formats)
            if (!ReportFormats.Contains(format)) throw Error(spec.Report, $"unknown report format '{format}'; {OneOf(ReportFormats)}");

        if (spec.Models.Count == 0) throw Error(spec, "models: list at least one model");
        var modelNames = new HashSet<string>();
        foreach (var model in spec.Models)
        {
            if (!modelNames.Add(model.Name)) throw Error(model, $"model name '{model.Name}' is used twice");
            if (model.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || model.Name.Contains(' '))
                throw Error(model, $"model name '{model.Name}' must be file-name safe (it names the ONNX file)");
            if (!ModelFamilies.All.TryGetValue(model.Family, out var family))
                throw Error(model, $"unknown model family '{model.Family}'; {OneOf(ModelFamilies.All.Keys)}");
            if (!featureNames.Contains(model.Features))
                throw Error(model, $"model '{model.Name}' asks for feature set '{model.Features}', which is not defined under features:; defined: {string.Join(", ", featureNames)}");
            if (!CvMetrics.Contains(model.Cv.Metric)) throw Error(model.Cv, $"unknown cv metric '{model.Cv.Metric}'; {OneOf(CvMetrics)}");
            if (model.Cv.Folds < 2) throw Error(model.Cv, "folds must be at least 2");

            foreach (string key in model.Params.Keys.Intersect(model.Train.Keys).Concat(model.Params.Keys.Intersect(model.Grid.Keys)))
                throw Error(model, $"parameter '{key}' is given twice (params, train and grid must not overlap)");
            foreach (var (key, value) in model.Params.Concat(model.Train))
                CheckParameter(family, key, value, model, Error);
            IReadOnlyDictionary<string, IReadOnlyList<object>> grid;
            try
            {
                grid = GridValues.Expand(model.Grid);
            }
            catch (ArgumentException e)
            {
                throw Error(model, e.Message);
            }
            foreach (var (key, values) in grid)
            foreach (object value in values)
                CheckParameter(family, key, value, model, Error);
        }
    }

    /// <summary>Paths in a spec are relative to the spec file's folder.</summary>
    public static string ResolvePath(ExperimentSpec spec, string path) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(spec.SourceFile) ?? ".", path));

    private static void CheckParameter(IModelFamily family, string key, object value, ModelSpec model, Func<SpecNode, string, SpecException> error)
    {
        var parameter = family.Parameters.FirstOrDefault(p => p.Name == key)
            ?? throw error(model, $"family '{family.Name}' has no parameter '{key}'; allowed: {string.Join(", ", family.Parameters.Select(p => p.Name))}");
        if (!Fits(parameter.Kind, value))
            throw error(model, $"parameter '{key}' must be {parameter.Kind.ToString().ToLowerInvariant()}, not '{Convert.ToString(value, CultureInfo.InvariantCulture)}'");
    }

    private static bool Fits(ParameterKind kind, object value) => kind switch
    {
        ParameterKind.Integer => value is long,
        ParameterKind.Number => value is long or double,
        ParameterKind.Boolean => value is bool,
        _ => value is string or long or double,
    };
}
