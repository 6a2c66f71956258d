namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// What a published source (a seed report, a paper) says the experiment's models score (<c>reference:</c>), so the
/// reports can put those figures beside ours with the difference and whether they fall inside our interval.
/// </summary>
public sealed record ReferenceFigures(string Source, IReadOnlyDictionary<string, PublishedFigures> Models);

/// <summary>One model's published figures as fractions; absent ones are null.</summary>
public sealed record PublishedFigures(double? Accuracy, double? MacroF1, double? MacroAuc);
