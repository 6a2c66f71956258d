namespace MlNetGenre.Features.Datasets;

/// <summary>
/// One item of a dataset. <paramref name="Group"/> is what splits keep together (the track itself,
/// or its artist when known); <paramref name="Path"/> is null for generated tracks.
/// </summary>
public sealed record Track(string Id, string Label, string Group, string? Path);
