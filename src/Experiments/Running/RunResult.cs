using MlNetGenre.Experiments.Evaluation;

namespace MlNetGenre.Experiments.Running;

/// <summary>Everything a finished run produced; every report is rendered from this alone.</summary>
public sealed record RunResult
{
    public required string Experiment { get; init; }
    public required string RunId { get; init; }
    public required string RunDirectory { get; init; }
    public required string Dataset { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    /// <summary>True when items are clips (track-level metrics are then reported too).</summary>
    public bool Clips { get; init; }
    public required string SplitDescription { get; init; }
    public required IReadOnlyList<SplitSummary> Splits { get; init; }
    public required IReadOnlyList<BadFile> BadFiles { get; init; }
    public required IReadOnlyList<TrialResult> Trials { get; init; }
    public required IReadOnlyList<ModelSummary> Models { get; init; }
    /// <summary>How the trials sample the data: what the intervals and the paired test are (null in runs saved before it existed).</summary>
    public ResamplingDesign? Resampling { get; init; }
    /// <summary>False when split.group_by is none (clips of a track may be on both sides): reports warn.</summary>
    public bool Grouped { get; init; } = true;
    /// <summary>Published figures for the models (<c>reference:</c>), shown beside ours; null when the experiment gives none.</summary>
    public Plan.ReferenceFigures? Reference { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required double WallSeconds { get; init; }
    public required int Seed { get; init; }
    /// <summary>The report files the plan asked for (html, md, csv), so <c>mlnetgenre report</c> renders the same set.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["html", "md", "csv"];
}

/// <summary>Sizes of one split division, for the report.</summary>
public sealed record SplitSummary(string Key, int Seed, int TrainItems, int ValidationItems, int TestItems, int TestTracks);
