using MlNetGenre.Core.Options;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// Dataset kind <c>features-csv</c>: a table of precomputed features (Kaggle GTZAN's features_30_sec.csv or
/// features_3_sec.csv, FMA's features.csv flattened, or any <c>filename,label,&lt;features&gt;</c> CSV). Models read it
/// through <c>set: csv</c>.
/// </summary>
public sealed class FeaturesCsvDatasetKind : DatasetKind<FeaturesCsvDatasetKind.Options>
{
    public sealed record Options
    {
        [Option("column name patterns to keep (* wildcard); empty = every feature column")] public IReadOnlyList<string> Columns { get; init; } = [];
    }

    public override string Name => "features-csv";
    public override string Description => "a CSV of precomputed features: filename, label, feature columns (Kaggle GTZAN layout)";
    public override DatasetCapabilities Capabilities => new() { PathIsFile = true, ProvidesFeatureRows = true };

    /// <summary>Rows that cannot be read are skipped and reported (the spec's bad_files policy decides whether that stops the run).</summary>
    protected override OpenedDataset Open(DatasetRequest request, Options o)
    {
        string path = PathOf(request);
        var result = FeaturesCsvReader.Read(path, o.Columns, skipBadRows: true);
        return new FeatureRows(result.Table, result.Skipped, $"features CSV {path}");
    }
}
