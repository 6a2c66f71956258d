using MlNetGenre.Core.Data;

namespace MlNetGenre.Core.Splitting;

/// <summary>What a split keeps together (<c>split.group_by</c>).</summary>
public enum Grouping
{
    /// <summary>All clips of a track in one part (the default).</summary>
    Track,

    /// <summary>All tracks of an artist in one part (datasets that know artists).</summary>
    Artist,

    /// <summary>Items are split independently: clips of one track can land in train and test (leaks; warned).</summary>
    None,
}

public static class GroupingExtensions
{
    /// <summary>The group of every item of <paramref name="table"/> under this grouping.</summary>
    public static IReadOnlyList<string> GroupsOf(this Grouping grouping, FeatureTable table) => grouping switch
    {
        Grouping.Artist => table.Groups,
        Grouping.None => table.ItemIds,
        _ => table.TrackIds,
    };
}
