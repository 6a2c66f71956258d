using System.Globalization;
using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Synthetic;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// The built-in synthetic dataset: the first <c>genres</c> genres of <see cref="SyntheticGenres"/>,
/// <c>tracksPerGenre</c> tracks each, rendered in memory on <see cref="Load"/>. Ids follow GTZAN's
/// file names ("disco/disco.00003"); each track is its own group and has no path.
/// </summary>
public sealed class SyntheticDataset : IAudioDataset
{
    public sealed record Options
    {
        [Option("number of genres", Min = 2, Max = 8)] public int Genres { get; init; } = 5;
        [Option("tracks per genre", Min = 2, Max = 100_000)] public int TracksPerGenre { get; init; } = 20;
        [Option("track length in seconds", Min = 0.5, Max = 3600)] public double Seconds { get; init; } = 10;
    }

    public sealed class Kind : DatasetKind<Options>
    {
        public override string Name => "synthetic";
        public override string Description => "built-in synthetic genre music, generated in memory from the seed";
        public override DatasetCapabilities Capabilities => new() { NeedsPath = false };

        protected override double? TrackSeconds(Options o) => o.Seconds;

        protected override OpenedDataset Open(DatasetRequest request, Options o) =>
            new AudioTracks(new SyntheticDataset(o.Genres, o.TracksPerGenre, o.Seconds, request.SampleRate ?? 22050, request.Seed));
    }

    public SyntheticDataset(int genres, int tracksPerGenre, double seconds, int sampleRate = 22050, int seed = 42)
    {
        if (genres < 1 || genres > SyntheticGenres.Count)
            throw new DatasetException(
                $"The synthetic dataset has {SyntheticGenres.Count} genres ({string.Join(", ", SyntheticGenres.Names)}); " +
                $"{genres} were requested. Set `dataset.genres` between 1 and {SyntheticGenres.Count}.");
        if (tracksPerGenre < 1)
            throw new DatasetException($"The synthetic dataset needs at least 1 track per genre; {tracksPerGenre} were requested.");
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
            throw new DatasetException($"Synthetic tracks must last between 0 and 3600 seconds; {seconds.ToString(CultureInfo.InvariantCulture)} were requested.");
        if (sampleRate is < 4000 or > 384000)
            throw new DatasetException($"The synthetic sample rate must be between 4000 and 384000 Hz; {sampleRate} was requested.");

        Genres = SyntheticGenres.Names.Take(genres).ToArray();
        TracksPerGenre = tracksPerGenre;
        Seconds = seconds;
        SampleRate = sampleRate;
        Seed = seed;
        var tracks = new List<Track>(genres * tracksPerGenre);
        foreach (string genre in Genres)
        {
            for (int i = 0; i < tracksPerGenre; i++)
            {
                string id = $"{genre}/{FileStem(genre, i)}";
                tracks.Add(new Track(id, genre, id, null));
            }
        }
        Tracks = tracks;
    }

    public IReadOnlyList<string> Genres { get; }
    public int TracksPerGenre { get; }
    public double Seconds { get; }
    public int SampleRate { get; }
    public int Seed { get; }

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"synthetic music: {Genres.Count} genres ({string.Join(", ", Genres)}) x {TracksPerGenre} tracks of {Seconds:0.###} s at {SampleRate} Hz, seed {Seed}");

    public IReadOnlyList<Track> Tracks { get; }

    /// <summary>A track's audio depends on its genre and index (its id), the length, the rate and the seed only.</summary>
    public string Generator => string.Create(CultureInfo.InvariantCulture, $"synthetic music of {Seconds:R} s at {SampleRate} Hz, seed {Seed}");

    public AudioSignal Load(Track track)
    {
        ArgumentNullException.ThrowIfNull(track);
        int index = ParseIndex(track);
        return SyntheticTrackGenerator.Render(track.Label, index, Seconds, SampleRate, Seed);
    }

    /// <summary>The GTZAN-style file stem of a track: "disco.00003".</summary>
    public static string FileStem(string genre, int index) => string.Create(CultureInfo.InvariantCulture, $"{genre}.{index:D5}");

    private int ParseIndex(Track track)
    {
        string prefix = $"{track.Label}/{track.Label}.";
        if (Genres.Contains(track.Label) && track.Id.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(track.Id.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && index < TracksPerGenre)
            return index;
        throw new ArgumentException($"Track '{track.Id}' is not part of this synthetic dataset ({Description}).", nameof(track));
    }
}
