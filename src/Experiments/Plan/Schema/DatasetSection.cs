using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of <c>dataset:</c> every kind has; the kind's own options sit beside them in the same mapping.</summary>
public sealed record DatasetSection
{
    [Option("the layout: a dataset kind's name")] public string Kind { get; init; } = "";
    [Option("root folder (a CSV file for features-csv), relative to the experiment file; --dataset-root replaces it")] public string? Path { get; init; }
    [Option("only these labels (e.g. seed 000's five GTZAN genres); empty = all")] public IReadOnlyList<string> Include { get; init; } = [];
    [Option("a file that cannot be used: skip (report and go on) or fail")] public BadFilePolicy BadFiles { get; init; } = BadFilePolicy.Skip;
    [Option("feature tables up to this many MB are held in memory; larger ones stay in the on-disk feature store and are read batch by batch (same results, bounded memory)", Min = 0, Max = 1e9)]
    public double InMemoryMb { get; init; } = 1024;
}
