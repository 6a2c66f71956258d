using System.Globalization;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// Checks what the YAML means: known dataset kinds, existing paths, known families and parameters
/// of the right kind, models that refer to defined feature sets. Every error names file:line:column.
/// </summary>
public static class SpecValidator
{
    public static readonly string[] DatasetKinds = ["synthetic", "folder"];

    public static void Validate(ExperimentSpec spec)
    {
        string file = spec.SourceFile;
        SpecException Error(SpecNode node, string problem) => new(file, node.Line, node.Column, problem);

        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || spec.Name.Contains(' '))
            throw Error(spec, $"name '{spec.Name}' must be a non-empty file-name-safe word such as 'quickstart'");

        var dataset = spec.Dataset;
        if (!DatasetKinds.Contains(dataset.Kind))
            throw Error(dataset, $"unknown dataset kind '{dataset.Kind}'; allowed: {string.Join(", ", DatasetKinds)}");
        if (dataset.Kind == "folder")
        {
            if (string.IsNullOrWhiteSpace(dataset.Path))
                throw Error(dataset, "a 'folder' dataset needs 'path:' (a folder with one sub-folder per genre)");
            string resolved = ResolvePath(spec, dataset.Path);
            if (!Directory.Exists(resolved))
                throw Error(dataset, $"dataset path '{dataset.Path}' does not exist (resolved to {resolved}); fix 'path:' or pass --dataset-root");
        }
        if (dataset.Kind == "synthetic" && (dataset.Genres < 2 || dataset.TracksPerGenre < 2 || dataset.Seconds <= 0.5))
            throw Error(dataset, "a synthetic dataset needs genres >= 2, tracks_per_genre >= 2 and seconds > 0.5");
        if (dataset.SampleRate < 4000)
            throw Error(dataset, $"sample_rate {dataset.SampleRate} is too low; use e.g. 22050");
        if (dataset.BadFiles is not ("skip" or "fail"))
            throw Error(dataset, $"bad_files must be 'skip' or 'fail', not '{dataset.BadFiles}'");

        if (spec.Features.Count == 0) throw Error(spec, "features: define at least one feature set");
        var featureNames = new HashSet<string>();
        foreach (var feature in spec.Features)
        {
            if (!featureNames.Add(feature.Name)) throw Error(feature, $"feature set name '{feature.Name}' is defined twice");
            if (!FeatureSetRegistry.Kinds.Contains(feature.Set))
                throw Error(feature, $"unknown feature set '{feature.Set}'; allowed: {string.Join(", ", FeatureSetRegistry.Kinds)}");
            if (feature.NMfcc < 1 || feature.NMfcc > feature.NMels)
                throw Error(feature, $"n_mfcc must be between 1 and n_mels ({feature.NMels})");
            if (feature.NFft < 16 || feature.HopLength < 1)
                throw Error(feature, "n_fft must be >= 16 and hop_length >= 1");
        }

        var split = spec.Split;
        if (split.Kind != "holdout") throw Error(split, $"unknown split kind '{split.Kind}'; allowed: holdout");
        if (split.TestFraction is <= 0 or >= 1) throw Error(split, "test_fraction must be between 0 and 1 (e.g. 0.25)");
        if (split.GroupBy != "track") throw Error(split, $"group_by '{split.GroupBy}' is not supported; allowed: track");

        if (spec.Models.Count == 0) throw Error(spec, "models: list at least one model");
        var modelNames = new HashSet<string>();
        foreach (var model in spec.Models)
        {
            if (!modelNames.Add(model.Name)) throw Error(model, $"model name '{model.Name}' is used twice");
            if (!ModelFamilies.All.TryGetValue(model.Family, out var family))
                throw Error(model, $"unknown model family '{model.Family}'; allowed: {string.Join(", ", ModelFamilies.All.Keys)}");
            if (!featureNames.Contains(model.Features))
                throw Error(model, $"model '{model.Name}' asks for feature set '{model.Features}', which is not defined under features:; defined: {string.Join(", ", featureNames)}");
            foreach (var (key, value) in model.Params)
            {
                var parameter = family.Parameters.FirstOrDefault(p => p.Name == key)
                    ?? throw Error(model, $"family '{family.Name}' has no parameter '{key}'; allowed: {string.Join(", ", family.Parameters.Select(p => p.Name))}");
                if (!Fits(parameter.Kind, value))
                    throw Error(model, $"parameter '{key}' must be {parameter.Kind.ToString().ToLowerInvariant()}, not '{Convert.ToString(value, CultureInfo.InvariantCulture)}'");
            }
        }
    }

    /// <summary>Paths in a spec are relative to the spec file's folder.</summary>
    public static string ResolvePath(ExperimentSpec spec, string path) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(spec.SourceFile) ?? ".", path));

    private static bool Fits(ParameterKind kind, object value) => kind switch
    {
        ParameterKind.Integer => value is long,
        ParameterKind.Number => value is long or double,
        ParameterKind.Boolean => value is bool,
        _ => value is string,
    };
}
