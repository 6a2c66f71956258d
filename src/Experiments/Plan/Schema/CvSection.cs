using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of a model's <c>cv:</c>.</summary>
public sealed record CvSection
{
    [Option("folds of the training part", Min = 2, Max = 100)] public int Folds { get; init; } = 5;
    [Option("what picks the best candidate: accuracy or macro_f1")] public CvMetric Metric { get; init; } = CvMetric.Accuracy;
}
