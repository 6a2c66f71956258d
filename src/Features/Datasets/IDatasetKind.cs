using MlNetGenre.Core.Components;
using MlNetGenre.Core.Data;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// A dataset layout as YAML names it (<c>dataset.kind: gtzan</c>): its typed options, what it can offer (artists, an
/// official split, ready-made feature rows) and how to open it. Each layout declares its kind as a nested <c>Kind</c>
/// class (or a small class of its own) in its own file; <see cref="DatasetKinds"/> finds it.
/// </summary>
public interface IDatasetKind : IComponent
{
    DatasetCapabilities Capabilities { get; }

    /// <summary>Opens the dataset; throws <see cref="DatasetException"/> naming the path and the fix.</summary>
    OpenedDataset Open(DatasetRequest request, object options);

    /// <summary>The length of every track when the options fix it (generated data), else null.</summary>
    double? TrackSeconds(object options) => null;
}

/// <summary>What a dataset kind offers and needs; validation checks a spec against it before anything is read.</summary>
public sealed record DatasetCapabilities
{
    /// <summary>Needs <c>dataset.path</c> (everything but generated data).</summary>
    public bool NeedsPath { get; init; } = true;

    /// <summary>The path is a file (a feature table), not a folder.</summary>
    public bool PathIsFile { get; init; }

    /// <summary>Tracks carry artist ids, so <c>group_by: artist</c> works.</summary>
    public bool HasArtists { get; init; }

    /// <summary>Tracks carry the dataset's own train/valid/test part, so <c>split.kind: official</c> works.</summary>
    public bool HasOfficialSplit { get; init; }

    /// <summary>The dataset is a table of precomputed features (<c>set: csv</c>), not audio.</summary>
    public bool ProvidesFeatureRows { get; init; }
}

/// <summary>Where and how to open a dataset: the resolved path, the target sample rate (null = native) and the seed.</summary>
public sealed record DatasetRequest(string? Path, int? SampleRate, int Seed);

/// <summary>An opened dataset: audio tracks, or rows of precomputed features.</summary>
public abstract record OpenedDataset(string Description);

public sealed record AudioTracks(IAudioDataset Dataset) : OpenedDataset(Dataset.Description);

public sealed record FeatureRows(FeatureTable Table, IReadOnlyList<SkippedTrack> Skipped, string Description) : OpenedDataset(Description)
{
    /// <summary>The official part of each track (train, valid, test) for datasets that have one; null otherwise.</summary>
    public IReadOnlyDictionary<string, string>? Parts { get; init; }
}

/// <summary>Base of a dataset kind with options record <typeparamref name="TOptions"/> (its initial values are the defaults).</summary>
public abstract class DatasetKind<TOptions> : IDatasetKind where TOptions : class, new()
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual DatasetCapabilities Capabilities => new();
    public object DefaultOptions => new TOptions();

    public OpenedDataset Open(DatasetRequest request, object options) => Open(request, (TOptions)options);

    public double? TrackSeconds(object options) => TrackSeconds((TOptions)options);

    protected virtual double? TrackSeconds(TOptions options) => null;

    protected abstract OpenedDataset Open(DatasetRequest request, TOptions options);

    /// <summary>The path, which validation guarantees for kinds that need one.</summary>
    protected static string PathOf(DatasetRequest request) =>
        request.Path ?? throw new DatasetException("this dataset kind needs `dataset.path` (or --dataset-root)");
}

/// <summary>Options of dataset kinds that take none beyond the common ones (path, include, bad_files).</summary>
public sealed record NoOptions;
