using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>A labelled collection of tracks whose audio can be loaded one track at a time.</summary>
public interface IAudioDataset
{
    string Description { get; }
    IReadOnlyList<Track> Tracks { get; }

    /// <summary>Decodes one track to mono float samples; throws <see cref="AudioDecodeException"/> for bad files.</summary>
    AudioSignal Load(Track track);
}
