using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of one model under <c>reference.models:</c>: what the source reports for it, as fractions.</summary>
public sealed record PublishedFiguresSection
{
    [Option("published accuracy, as a fraction (0.681 for 68.1%)", Min = 0, Max = 1)] public double? Accuracy { get; init; }
    [Option("published macro-F1, as a fraction", Min = 0, Max = 1)] public double? MacroF1 { get; init; }
    [Option("published macro AUC (one-vs-rest), as a fraction", Min = 0, Max = 1)] public double? MacroAuc { get; init; }
}
