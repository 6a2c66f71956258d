using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>A labelled collection of tracks whose audio can be loaded one track at a time.</summary>
public interface IAudioDataset
{
    string Description { get; }
    IReadOnlyList<Track> Tracks { get; }

    /// <summary>Decodes one track to mono float samples; throws <see cref="AudioDecodeException"/> for bad files.</summary>
    AudioSignal Load(Track track);

    /// <summary>Tracks left out up front (known corrupt or missing files), reported with the run's bad files.</summary>
    IReadOnlyList<SkippedTrack> Skipped => [];
}
