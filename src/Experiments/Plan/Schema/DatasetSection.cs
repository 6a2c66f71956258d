using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of <c>dataset:</c> every kind has; the kind's own options sit beside them in the same mapping.</summary>
public sealed record DatasetSection
{
    [Option("the layout: a dataset kind's name")] public string Kind { get; init; } = "";
    [Option("root folder (a CSV file for features-csv), relative to the experiment file; --dataset-root replaces it")] public string? Path { get; init; }
    [Option("only these labels (e.g. seed 000's five GTZAN genres); empty = all")] public IReadOnlyList<string> Include { get; init; } = [];
    [Option("a file that cannot be used: skip (report and go on) or fail")] public BadFilePolicy BadFiles { get; init; } = BadFilePolicy.Skip;
}
