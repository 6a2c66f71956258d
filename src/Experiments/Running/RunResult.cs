namespace MlNetGenre.Experiments.Running;

/// <summary>Everything a finished run produced; the reports are rendered from this alone.</summary>
public sealed record RunResult(
    string Experiment,
    string RunId,
    string RunDirectory,
    string DatasetDescription,
    IReadOnlyList<string> ClassNames,
    int TrainItems,
    int TestItems,
    IReadOnlyList<BadFile> BadFiles,
    IReadOnlyList<ModelResult> Models,
    DateTimeOffset Started,
    double WallSeconds,
    int Seed);
