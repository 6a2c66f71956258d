using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>A dataset restricted to some labels (e.g. seed 000's five GTZAN genres); unknown labels are an error.</summary>
public sealed class FilteredDataset : IAudioDataset
{
    private readonly IAudioDataset _inner;

    public FilteredDataset(IAudioDataset inner, IReadOnlyCollection<string> labels)
    {
        var known = inner.Tracks.Select(t => t.Label).ToHashSet(StringComparer.Ordinal);
        var missing = labels.Where(l => !known.Contains(l)).ToArray();
        if (missing.Length > 0)
            throw new DatasetException($"{inner.Description} has no label(s) {string.Join(", ", missing)}; it has {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        _inner = inner;
        Tracks = inner.Tracks.Where(t => labels.Contains(t.Label)).ToList();
    }

    public string Description => $"{_inner.Description}, labels {string.Join(", ", Tracks.Select(t => t.Label).Distinct())}";
    public string Generator => _inner.Generator;
    public IReadOnlyList<Track> Tracks { get; }
    public IReadOnlyList<SkippedTrack> Skipped => _inner.Skipped.Where(s => Tracks.Any(t => t.Label == s.TrackId.Split('/')[0])).ToList();
    public AudioSignal Load(Track track) => _inner.Load(track);
}
