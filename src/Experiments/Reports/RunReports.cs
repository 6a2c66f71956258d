using System.Text.Json;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Core.IO;

namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// Writes every report file of a run: results.json, manifest.json and run.json always; report.html,
/// summary.md, results.csv and predictions.csv as <c>report.formats</c> asks.
/// </summary>
public static class RunReports
{
    public const string HtmlFile = "report.html";
    public const string RunDataFile = "run.json";

    public static void WriteAll(RunResult run, ExperimentPlan plan, string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, RunDataFile), JsonSerializer.Serialize(run, TrialStore.Json));
        AtomicFile.WriteAllText(Path.Combine(directory, "manifest.json"), Manifest.Render(run, plan));
        Render(run, directory, run.Formats);
    }

    /// <summary>Renders the report files from a run's data (also used by <c>mlnetgenre report</c>).</summary>
    public static void Render(RunResult run, string directory, IReadOnlyCollection<string> formats)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson.Render(run));
        if (formats.Contains("csv"))
        {
            AtomicFile.WriteAllText(Path.Combine(directory, "results.csv"), ResultsCsv.Render(run));
            AtomicFile.WriteAllText(Path.Combine(directory, "predictions.csv"), PredictionsCsv.Render(run));
        }
        if (formats.Contains("md")) AtomicFile.WriteAllText(Path.Combine(directory, "summary.md"), SummaryMarkdown.Render(run));
        if (formats.Contains("html")) AtomicFile.WriteAllText(Path.Combine(directory, HtmlFile), HtmlReport.Render(run));
    }

    /// <summary>Reads a finished run folder back (its run.json).</summary>
    public static RunResult Load(string runDirectory)
    {
        string file = Path.Combine(runDirectory, RunDataFile);
        if (!File.Exists(file))
            throw new FileNotFoundException($"'{runDirectory}' is not a finished run folder (no {RunDataFile}); pass a folder such as artifacts/quickstart/<run-id>.", file);
        return JsonSerializer.Deserialize<RunResult>(File.ReadAllText(file), TrialStore.Json)! with { RunDirectory = Path.GetFullPath(runDirectory) };
    }
}
