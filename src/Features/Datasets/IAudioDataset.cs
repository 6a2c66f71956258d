using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>A labelled collection of tracks whose audio can be loaded one track at a time.</summary>
public interface IAudioDataset
{
    string Description { get; }
    IReadOnlyList<Track> Tracks { get; }

    /// <summary>Decodes one track to mono float samples; throws <see cref="AudioDecodeException"/> for bad files.</summary>
    AudioSignal Load(Track track);

    /// <summary>
    /// For generated tracks (no path): what determines a track's audio besides its id, i.e. the generator and its
    /// options, so stored features of generated tracks are found again only by the same generator.
    /// </summary>
    string Generator => Description;

    /// <summary>Tracks left out up front (known corrupt or missing files), reported with the run's bad files.</summary>
    IReadOnlyList<SkippedTrack> Skipped => [];
}
