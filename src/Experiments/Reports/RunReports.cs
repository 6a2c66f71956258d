using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Reports;

/// <summary>Writes every report file of a run into its folder.</summary>
public static class RunReports
{
    public const string HtmlFile = "report.html";

    public static void WriteAll(RunResult run)
    {
        AtomicFile.WriteAllText(Path.Combine(run.RunDirectory, "results.json"), ResultsJson.Render(run));
        AtomicFile.WriteAllText(Path.Combine(run.RunDirectory, "predictions.csv"), PredictionsCsv.Render(run));
        AtomicFile.WriteAllText(Path.Combine(run.RunDirectory, "summary.md"), SummaryMarkdown.Render(run));
        AtomicFile.WriteAllText(Path.Combine(run.RunDirectory, HtmlFile), HtmlReport.Render(run));
    }
}
