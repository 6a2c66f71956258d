namespace MlNetGenre.Features.Datasets;

/// <summary>Dataset kind <c>garageband</c>: seed 000's GarageBand loop collection, one folder per genre.</summary>
public sealed class GarageBandDatasetKind : DatasetKind<NoOptions>
{
    public override string Name => "garageband";
    public override string Description => "GarageBand loops (seed 000): one folder per genre";

    protected override OpenedDataset Open(DatasetRequest request, NoOptions o) => new AudioTracks(new FolderDataset(PathOf(request), request.SampleRate));
}
