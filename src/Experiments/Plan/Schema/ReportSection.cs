using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of <c>report:</c>.</summary>
public sealed record ReportSection
{
    [Option("report files besides results.json: html, md, csv")] public IReadOnlyList<ReportFormat> Formats { get; init; } = [ReportFormat.Html, ReportFormat.Markdown, ReportFormat.Csv];
}
