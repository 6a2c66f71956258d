namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// <c>dataset:</c> which tracks to use. Kinds: <c>synthetic</c> (built in), <c>folder</c>
/// (&lt;label&gt;/&lt;file&gt;), <c>gtzan</c>, <c>ballroom</c>, <c>garageband</c>, <c>fma</c>, <c>features-csv</c>.
/// </summary>
public sealed class DatasetSpec : SpecNode
{
    public required string Kind { get; set; }
    /// <summary>Root folder (or CSV file for features-csv), relative to the spec file; --dataset-root replaces it.</summary>
    public string? Path { get; set; }
    /// <summary>Only these labels (e.g. seed 000's five GTZAN genres); empty = all.</summary>
    public List<string> Include { get; set; } = [];
    /// <summary>synthetic: how many genres.</summary>
    public int Genres { get; set; } = 5;
    /// <summary>synthetic: tracks per genre.</summary>
    public int TracksPerGenre { get; set; } = 20;
    /// <summary>synthetic: track length in seconds.</summary>
    public double Seconds { get; set; } = 10;
    /// <summary>fma: <c>small</c> or <c>medium</c> (tracks.csv subset).</summary>
    public string Subset { get; set; } = "small";
    /// <summary>features-csv: column name patterns to keep (<c>*</c> wildcard); empty = all feature columns.</summary>
    public List<string> Columns { get; set; } = [];
    /// <summary>What to do with a file that cannot be used: <c>skip</c> (report and go on) or <c>fail</c>.</summary>
    public string BadFiles { get; set; } = "skip";
}
