using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// GTZAN: <c>&lt;genre&gt;/&lt;genre&gt;.000NN.wav</c> under the given folder, or under its <c>genres</c> or
/// <c>genres_original</c> sub-folder (the Kaggle copy, <c>Data/genres_original</c>). Track ids are
/// <c>blues/blues.00001.wav</c>, as in the published split lists. jazz.00054 of the Kaggle copy is
/// corrupt; it is reported as skipped instead of failing at decode time.
/// </summary>
public sealed class GtzanDataset : IAudioDataset
{
    public sealed class Kind : DatasetKind<NoOptions>
    {
        public override string Name => "gtzan";
        public override string Description => "GTZAN: <genre>/<genre>.000NN.wav (or the Kaggle copy's genres_original/)";
        protected override OpenedDataset Open(DatasetRequest request, NoOptions o) => new AudioTracks(new GtzanDataset(PathOf(request), request.SampleRate));
    }

    /// <summary>Files known to be unusable in public copies, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownCorrupt = new Dictionary<string, string>
    {
        ["jazz/jazz.00054.wav"] = "is known to be corrupt in the Kaggle GTZAN copy (not a decodable WAV)",
    };

    private readonly FolderDataset _folder;

    public GtzanDataset(string root, int? targetSampleRate = null)
    {
        if (!Directory.Exists(root))
            throw new DatasetException($"GTZAN folder '{root}' does not exist. Point `dataset.path` (or --dataset-root) at the folder holding blues/, classical/, ... (or Data/genres_original/).");
        string folder = new[] { Path.Combine(root, "genres_original"), Path.Combine(root, "genres"), Path.Combine(root, "Data", "genres_original") }
            .FirstOrDefault(Directory.Exists) ?? root;
        _folder = new FolderDataset(folder, targetSampleRate);
        Skipped = _folder.Tracks.Where(t => KnownCorrupt.ContainsKey(t.Id))
            .Select(t => new SkippedTrack(t.Id, $"{t.Path}: {KnownCorrupt[t.Id]}. It is left out; nothing to do.")).ToList();
        Tracks = _folder.Tracks.Where(t => !KnownCorrupt.ContainsKey(t.Id)).ToList();
    }

    public string Description => $"GTZAN at {_folder.Root}";
    public IReadOnlyList<Track> Tracks { get; }

    public IReadOnlyList<SkippedTrack> Skipped { get; }

    public AudioSignal Load(Track track) => _folder.Load(track);
}
