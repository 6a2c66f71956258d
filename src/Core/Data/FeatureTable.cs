namespace MlNetGenre.Core.Data;

/// <summary>
/// Labelled features: one row per item (a track or a clip), the class of each row as an index
/// into <see cref="ClassNames"/>, and the item's group (track or artist) so splits can keep groups whole.
/// Each row is one item's features flattened row-major; <see cref="ItemShape"/> gives their shape
/// ([F] for vectors, e.g. [n_mels, frames] for the 2-D inputs of deep models).
/// </summary>
public sealed record FeatureTable(
    IReadOnlyList<float[]> Rows,
    IReadOnlyList<int> ClassIndex,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<string> FeatureNames)
{
    public int Count => Rows.Count;

    /// <summary>The rows through the row-source contract (in memory or on disk; see <see cref="IRowSource"/>).</summary>
    public IRowSource Source => RowSource.Of(Rows);

    /// <summary>Shape of one item; defaults to a vector of <see cref="FeatureNames"/>.Count values.</summary>
    public IReadOnlyList<int> ItemShape { get; init; } = [FeatureNames.Count];

    /// <summary>The track each item comes from (clips of one track share it); defaults to the item ids.</summary>
    public IReadOnlyList<string> TrackIds { get; init; } = ItemIds;

    /// <summary>The rows at the given positions, in that order (rows on disk stay there).</summary>
    public FeatureTable Select(IReadOnlyList<int> positions) => this with
    {
        Rows = Source.Subset(positions),
        ClassIndex = positions.Select(i => ClassIndex[i]).ToArray(),
        Groups = positions.Select(i => Groups[i]).ToArray(),
        ItemIds = positions.Select(i => ItemIds[i]).ToArray(),
        TrackIds = positions.Select(i => TrackIds[i]).ToArray(),
    };
}
