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

    public static (FeatureTable Table, IReadOnlyList<BadFile> Skipped, string Description) LoadFeaturesCsv(ExperimentSpec spec, string? datasetRoot) =>
        throw new SpecException(spec.SourceFile, spec.Dataset.Line, spec.Dataset.Column, "dataset kind 'features-csv' is not available yet");
}
