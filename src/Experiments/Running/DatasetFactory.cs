using MlNetGenre.Experiments.Spec;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Experiments.Running;

/// <summary>Creates the dataset a spec names; <c>--dataset-root</c> replaces the spec's path.</summary>
public static class DatasetFactory
{
    public static IAudioDataset Create(ExperimentSpec spec, string? datasetRoot = null)
    {
        var d = spec.Dataset;
        return d.Kind switch
        {
            "synthetic" => new SyntheticDataset(d.Genres, d.TracksPerGenre, d.Seconds, d.SampleRate, spec.Seed),
            "folder" => new FolderDataset(datasetRoot ?? SpecValidator.ResolvePath(spec, d.Path!)),
            _ => throw new SpecException(spec.SourceFile, d.Line, d.Column, $"unknown dataset kind '{d.Kind}'"),
        };
    }
}
