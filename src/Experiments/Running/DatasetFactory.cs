using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Experiments.Running;

/// <summary>Creates the dataset a spec names; <c>--dataset-root</c> replaces the spec's path.</summary>
public static class DatasetFactory
{
    public static IAudioDataset Create(ExperimentSpec spec, string? datasetRoot = null)
    {
        var d = spec.Dataset;
        string Root() => datasetRoot ?? SpecValidator.ResolvePath(spec, d.Path!);
        int? rate = spec.Audio.SampleRate == "native" ? null : int.Parse(spec.Audio.SampleRate, System.Globalization.CultureInfo.InvariantCulture);
        IAudioDataset dataset = d.Kind switch
        {
            "synthetic" => new SyntheticDataset(d.Genres, d.TracksPerGenre, d.Seconds, rate ?? 22050, spec.Seed),
            "folder" => new FolderDataset(Root(), rate),
            "gtzan" => new GtzanDataset(Root(), rate),
            "ballroom" => new FolderDataset(Descend(Root(), "BallroomData"), rate),
            "garageband" => new FolderDataset(Root(), rate),
            "fma" => new FmaDataset(Root(), d.Subset, path => Features.Audio.AudioLoader.Load(path, rate)),
            _ => throw new SpecException(spec.SourceFile, d.Line, d.Column, $"dataset kind '{d.Kind}' is not available yet"),
        };
        return d.Include.Count == 0 ? dataset : new FilteredDataset(dataset, d.Include);
    }

    /// <summary>Uses <paramref name="child"/> when the root holds it (e.g. BallroomData/ inside the download folder).</summary>
    private static string Descend(string root, string child) =>
        Directory.Exists(Path.Combine(root, child)) ? Path.Combine(root, child) : root;

    public static (FeatureTable Table, IReadOnlyList<BadFile> Skipped, string Description) LoadFeaturesCsv(ExperimentSpec spec, string? datasetRoot)
    {
        string path = datasetRoot ?? SpecValidator.ResolvePath(spec, spec.Dataset.Path!);
        var result = FeaturesCsvReader.Read(path, spec.Dataset.Columns, skipBadRows: spec.Dataset.BadFiles == "skip");
        var table = result.Table;
        if (spec.Dataset.Include.Count > 0)
        {
            var keep = Enumerable.Range(0, table.Count).Where(i => spec.Dataset.Include.Contains(table.ClassNames[table.ClassIndex[i]])).ToArray();
            var names = spec.Dataset.Include.Order(StringComparer.Ordinal).ToArray();
            var subset = table.Select(keep);
            table = subset with { ClassIndex = keep.Select(i => Array.IndexOf(names, table.ClassNames[table.ClassIndex[i]])).ToArray(), ClassNames = names };
        }
        return (table, result.Skipped.Select(s => new BadFile(s.TrackId, s.Reason)).ToList(), $"features CSV {path}");
    }
}
