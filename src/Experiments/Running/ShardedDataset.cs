using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Experiments.Running;

/// <summary>The tracks of one shard of a dataset (track <c>p</c> of the dataset's order when the shard owns <c>p</c>).</summary>
internal sealed class ShardedDataset(IAudioDataset inner, Shard shard) : IAudioDataset
{
    public string Description => $"{inner.Description}, shard {shard}";
    public string Generator => inner.Generator;
    public IReadOnlyList<Track> Tracks { get; } = inner.Tracks.Where((_, position) => shard.Owns(position)).ToList();
    public AudioSignal Load(Track track) => inner.Load(track);
}
