using MlNetGenre.Core.Components;

namespace MlNetGenre.Features.Datasets;

/// <summary>Every dataset kind by YAML name: those of this assembly, found by reflection, plus registered extensions.</summary>
public static class DatasetKinds
{
    public static ComponentRegistry<IDatasetKind> Registry { get; } =
        new("dataset kind", () => ComponentRegistry<IDatasetKind>.Discover(typeof(DatasetKinds).Assembly));
}
