using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// The GTZAN layout: <c>&lt;root&gt;/&lt;genre&gt;/&lt;file&gt;</c> with any audio format <see cref="AudioLoader"/>
/// reads; the label is the sub-folder name and each track is its own group. Tracks are ordered by label,
/// then file name, so runs are repeatable. Audio is resampled to <c>targetSampleRate</c> (null = native).
/// </summary>
public sealed class FolderDataset : IAudioDataset
{
    public sealed class Kind : DatasetKind<NoOptions>
    {
        public override string Name => "folder";
        public override string Description => "one sub-folder per genre holding audio files (any format ffmpeg reads)";
        protected override OpenedDataset Open(DatasetRequest request, NoOptions o) => new AudioTracks(new FolderDataset(PathOf(request), request.SampleRate));
    }

    private readonly int? _targetSampleRate;

    public FolderDataset(string root, int? targetSampleRate = null)
    {
        _targetSampleRate = targetSampleRate;
        if (!Directory.Exists(root))
            throw new DatasetException($"Dataset folder '{root}' does not exist. Point `dataset.path` (or --dataset-root) at a folder holding one sub-folder per genre.");
        Root = Path.GetFullPath(root);
        var tracks = new List<Track>();
        foreach (string genreDir in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            string label = Path.GetFileName(genreDir);
            foreach (string file in Directory.GetFiles(genreDir).Order(StringComparer.Ordinal))
            {
                if (!AudioLoader.Extensions.Contains(Path.GetExtension(file).ToLowerInvariant())) continue;
                string id = $"{label}/{Path.GetFileName(file)}";
                tracks.Add(new Track(id, label, id, file));
            }
        }
        if (tracks.Count == 0)
            throw new DatasetException($"Dataset folder '{Root}' holds no audio files in genre sub-folders (expected <genre>/<file>.wav, .au, .mp3, .flac, ...).");
        Tracks = tracks;
    }

    public string Root { get; }
    public string Description => $"folder {Root}";
    public IReadOnlyList<Track> Tracks { get; }

    public AudioSignal Load(Track track) =>
        AudioLoader.Load(track.Path ?? throw new ArgumentException("Track has no path.", nameof(track)), _targetSampleRate);
}
