using YamlDotNet.Serialization;

namespace MlNetGenre.Experiments.Spec;

/// <summary>The root of an experiment YAML file. Keys are snake_case; see the README's YAML reference.</summary>
public sealed class ExperimentSpec : SpecNode
{
    public required string Name { get; set; }
    public int Seed { get; set; } = 42;
    public required DatasetSpec Dataset { get; set; }
    public AudioSpec Audio { get; set; } = new();
    public required List<FeatureSpec> Features { get; set; }
    public SplitSpec Split { get; set; } = new();
    public required List<ModelSpec> Models { get; set; }
    public ScoringSpec Scoring { get; set; } = new();
    public ReportSpec Report { get; set; } = new();
    /// <summary>Folder under which <c>&lt;name&gt;/&lt;run-id&gt;/</c> is written, relative to the current directory (or absolute).</summary>
    public string Output { get; set; } = "artifacts";

    /// <summary>The file the spec was read from (set by the reader).</summary>
    [YamlIgnore] public string SourceFile { get; internal set; } = "";
}
