using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Spec;

namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// A model entry: its family, the feature set it reads, every candidate's typed options (one when there is no grid)
/// and how candidates are compared.
/// </summary>
public sealed record ModelPlan(string Name, IModelFamily Family, FeaturePlan Features, IReadOnlyList<object> Candidates, CvSettings Cv, SourcePosition Position,
    bool AudioIn = false)
{
    public bool HasGrid => Candidates.Count > 1;

    /// <summary>The candidates as canonical text (trial keys, reports).</summary>
    public IReadOnlyList<string> Describe() => Candidates.Select(OptionBinder.Format).ToArray();
}

/// <summary>Cross-validation of a grid (<c>cv:</c>): folds on the training part and the selection metric.</summary>
public sealed record CvSettings(int Folds, CvMetric Metric);

public enum CvMetric
{
    Accuracy,
    [YamlName("macro_f1")] MacroF1,
}

/// <summary>Report files to write besides results.json and the manifest (<c>report.formats</c>).</summary>
public enum ReportFormat
{
    Html,
    [YamlName("md")] Markdown,
    Csv,
}
