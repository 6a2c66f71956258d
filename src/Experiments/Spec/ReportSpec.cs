namespace MlNetGenre.Experiments.Spec;

/// <summary><c>report:</c> which report files to write (results.json and the manifest are always written).</summary>
public sealed class ReportSpec : SpecNode
{
    public List<string> Formats { get; set; } = ["html", "md", "csv"];
}
