namespace MlNetGenre.Features.Datasets;

/// <summary>A track a dataset leaves out before decoding (known corrupt, audio missing), with the reason naming the file.</summary>
public sealed record SkippedTrack(string TrackId, string Reason);
