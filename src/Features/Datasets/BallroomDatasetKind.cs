namespace MlNetGenre.Features.Datasets;

/// <summary>Dataset kind <c>ballroom</c>: the Ballroom collection, one folder per dance style (inside BallroomData/ when present).</summary>
public sealed class BallroomDatasetKind : DatasetKind<NoOptions>
{
    public override string Name => "ballroom";
    public override string Description => "Ballroom: one folder per dance style, under BallroomData/ when the download has it";

    protected override OpenedDataset Open(DatasetRequest request, NoOptions o)
    {
        string root = PathOf(request);
        string inner = Path.Combine(root, "BallroomData");
        return new AudioTracks(new FolderDataset(Directory.Exists(inner) ? inner : root, request.SampleRate));
    }
}
