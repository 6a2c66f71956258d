using MlNetGenre.Core.Models;

namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// An experiment file resolved once into typed, immutable parts: every YAML key is read in <see cref="PlanReader"/>
/// and nowhere else; every later stage (features, splits, trials, export, reports, trial keys) reads this.
/// </summary>
public sealed record ExperimentPlan(
    string Name,
    int Seed,
    string SourceFile,
    string SpecText,
    DatasetPlan Dataset,
    AudioPlan Audio,
    IReadOnlyList<FeaturePlan> Features,
    SplitSettings Split,
    IReadOnlyList<ModelPlan> Models,
    ComputeDevice Device,
    IReadOnlyList<ReportFormat> Formats,
    string OutputRoot,
    ReferenceFigures? Reference = null)
{
    public FeaturePlan Feature(string name) => Features.Single(f => f.Name == name);

    /// <summary>The models <paramref name="only"/> names (all when empty), or an error listing the defined ones.</summary>
    public IReadOnlyList<ModelPlan> Select(IReadOnlyList<string>? only)
    {
        if (only is null || only.Count == 0) return Models;
        var unknown = only.Where(o => Models.All(m => m.Name != o)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"--only names unknown model(s) {string.Join(", ", unknown)}; defined: {string.Join(", ", Models.Select(m => m.Name))}");
        return Models.Where(m => only.Contains(m.Name)).ToList();
    }
}
