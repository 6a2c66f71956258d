using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// The Free Music Archive (FMA): <c>fma_metadata/tracks.csv</c> gives each track's top genre, subset,
/// official split (training/validation/test) and artist; audio is <c>fma_&lt;subset&gt;/NNN/NNNNNN.mp3</c>
/// (decoded through ffmpeg). Tracks of the subset without a top genre are left out; tracks whose MP3
/// is missing are reported as skipped.
/// </summary>
public sealed class FmaDataset : IAudioDataset
{
    /// <summary>FMA's nested subsets: a track of a smaller subset is in every larger one.</summary>
    public enum Subset
    {
        Small,
        Medium,
        Large,
        Full,
    }

    public sealed record Options
    {
        [Option("which subset of tracks.csv: small, medium, large or full")] public Subset Subset { get; init; } = Subset.Small;
    }

    public sealed class Kind : DatasetKind<Options>
    {
        public override string Name => "fma";
        public override string Description => "Free Music Archive: fma_metadata/tracks.csv and fma_<subset>/NNN/NNNNNN.mp3 (artists, official split)";
        public override DatasetCapabilities Capabilities => new() { HasArtists = true, HasOfficialSplit = true };

        protected override OpenedDataset Open(DatasetRequest request, Options o) =>
            new AudioTracks(new FmaDataset(PathOf(request), OptionValues.EnumName(o.Subset), path => AudioLoader.Load(path, request.SampleRate)));
    }

    private readonly Func<string, AudioSignal> _decode;

    /// <param name="root">Folder holding fma_metadata/ and fma_&lt;subset&gt;/.</param>
    /// <param name="subset">small, medium, large or full (a track of a smaller subset is in every larger one).</param>
    /// <param name="decode">Decoder for one audio file (MP3 through ffmpeg).</param>
    public FmaDataset(string root, string subset, Func<string, AudioSignal> decode)
    {
        _decode = decode;
        string metadata = Path.Combine(root, "fma_metadata");
        string audioRoot = Path.Combine(root, $"fma_{subset}");
        var entries = FmaTracksCsv.Read(metadata, subset);
        if (!Directory.Exists(audioRoot))
            throw new DatasetException($"FMA audio folder '{audioRoot}' does not exist; unpack fma_{subset}.zip there or change `dataset.subset`.");
        Root = Path.GetFullPath(root);
        var tracks = new List<Track>();
        var skipped = new List<SkippedTrack>();
        foreach (var entry in entries)
        {
            string path = Path.Combine(audioRoot, $"{entry.Number / 1000:D3}", $"{entry.TrackId}.mp3");
            if (!File.Exists(path))
            {
                skipped.Add(new SkippedTrack(entry.TrackId, $"{path}: listed in tracks.csv but missing. Re-extract fma_{subset}.zip."));
                continue;
            }
            tracks.Add(new Track(entry.TrackId, entry.Genre, entry.Artist, path) { Part = entry.Part, HasArtist = true });
        }
        if (tracks.Count == 0) throw new DatasetException($"{metadata} lists no '{subset}' tracks with a top genre whose audio is present under {audioRoot}.");
        Tracks = tracks.OrderBy(t => t.Label, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        Skipped = skipped;
        SubsetName = subset;
    }

    public string Root { get; }
    public string SubsetName { get; }
    public string Description => $"FMA {SubsetName} at {Root}";
    public IReadOnlyList<Track> Tracks { get; }
    public IReadOnlyList<SkippedTrack> Skipped { get; }

    public AudioSignal Load(Track track) => _decode(track.Path!);
}
