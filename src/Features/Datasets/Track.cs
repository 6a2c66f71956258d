namespace MlNetGenre.Features.Datasets;

/// <summary>
/// One item of a dataset. <paramref name="Group"/> is what splits keep together (the track itself,
/// or its artist when known); <paramref name="Path"/> is null for generated tracks.
/// </summary>
public sealed record Track(string Id, string Label, string Group, string? Path)
{
    /// <summary>The dataset's own split part of this track (<c>train</c>, <c>valid</c> or <c>test</c>), when it has one (FMA).</summary>
    public string? Part { get; init; }

    /// <summary>True when <see cref="Group"/> is a real artist id rather than the track itself.</summary>
    public bool HasArtist { get; init; }
}
