using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
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
        string metadata = Path.Combine(root, "fma_metadata", "tracks.csv");
        if (!File.Exists(metadata))
            throw new DatasetException($"FMA metadata '{metadata}' does not exist. Point `dataset.path` at the folder holding fma_metadata/ and fma_{subset}/.");
        string audioRoot = Path.Combine(root, $"fma_{subset}");
        if (!Directory.Exists(audioRoot))
            throw new DatasetException($"FMA audio folder '{audioRoot}' does not exist; unpack fma_{subset}.zip there or change `dataset.subset`.");
        Root = Path.GetFullPath(root);
        string[] order = ["small", "medium", "large", "full"];
        int wanted = Array.IndexOf(order, subset);
        if (wanted < 0) throw new DatasetException($"FMA subset '{subset}' is unknown; use small, medium, large or full.");

        var tracks = new List<Track>();
        var skipped = new List<SkippedTrack>();
        using var reader = new StreamReader(metadata);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        // tracks.csv has three header rows: the column group (track, artist, set, ...), the field, and "track_id".
        csv.Read(); string[] groups = csv.Parser.Record!;
        csv.Read(); string[] fields = csv.Parser.Record!;
        csv.Read();
        int Column(string group, string field) => Enumerable.Range(0, groups.Length).FirstOrDefault(i => groups[i] == group && fields[i] == field, -1) is var c and >= 0
            ? c : throw new DatasetException($"{metadata} has no ({group}, {field}) column; is it FMA's tracks.csv?");
        int subsetColumn = Column("set", "subset"), splitColumn = Column("set", "split"), genreColumn = Column("track", "genre_top"), artistColumn = Column("artist", "id");
        while (csv.Read())
        {
            string[] row = csv.Parser.Record!;
            if (row.Length <= Math.Max(Math.Max(subsetColumn, splitColumn), Math.Max(genreColumn, artistColumn))) continue;
            int trackSubset = Array.IndexOf(order, row[subsetColumn]);
            if (trackSubset < 0 || trackSubset > wanted || string.IsNullOrWhiteSpace(row[genreColumn])) continue;
            if (!int.TryParse(row[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id)) continue;
            string relative = Path.Combine($"{id / 1000:D3}", $"{id:D6}.mp3");
            string path = Path.Combine(audioRoot, relative);
            string trackId = $"{id:D6}";
            if (!File.Exists(path))
            {
                skipped.Add(new SkippedTrack(trackId, $"{path}: listed in tracks.csv but missing. Re-extract fma_{subset}.zip."));
                continue;
            }
            string part = row[splitColumn] switch
            {
                "training" => "train",
                "validation" => "valid",
                "test" => "test",
                var other => throw new DatasetException($"{metadata}: track {trackId} has split '{other}'; FMA's tracks.csv uses training, validation or test. Fix the file."),
            };
            tracks.Add(new Track(trackId, row[genreColumn], $"artist:{row[artistColumn]}", path) { Part = part, HasArtist = true });
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
