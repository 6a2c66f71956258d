using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Experiments.Plan;

namespace MlNetGenre.Experiments.Reports;

/// <summary>manifest.json: the resolved spec, seeds, package versions, git commit, machine and wall times of a run.</summary>
public static class Manifest
{
    private static readonly string[] Packages =
        ["Microsoft.ML.OnnxRuntime", "TorchSharp", "YamlDotNet", "Plotly.NET", "MlNetGenre.Features", "mlnetgenre"];

    public static string Render(RunResult run, ExperimentPlan plan) => JsonSerializer.Serialize(new
    {
        schema = "mlnetgenre.manifest/2",
        experiment = run.Experiment,
        run_id = run.RunId,
        spec_file = plan.SourceFile,
        spec = plan.SpecText,
        resolved = new
        {
            dataset = plan.Dataset.Describe(),
            dataset_path = plan.Dataset.Path,
            audio = plan.Audio.ToString(),
            features = plan.Features.Select(f => new { f.Name, set = f.Describe() }),
            split = plan.Split.Describe(),
            models = plan.Models.Select(m => new { m.Name, family = m.Family.Name, features = m.Features.Name, candidates = m.Describe() }),
            device = plan.Device.ToString(),
        },
        seed = run.Seed,
        split_seeds = run.Splits.Select(s => new { split = s.Key, seed = s.Seed }),
        code_version = CodeVersion.Models,
        git_commit = GitCommit(),
        packages = Packages.ToDictionary(p => p, Version),
        machine = new
        {
            os = RuntimeInformation.OSDescription,
            architecture = RuntimeInformation.OSArchitecture.ToString(),
            cores = Environment.ProcessorCount,
            dotnet = RuntimeInformation.FrameworkDescription,
            memory_gb = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1),
        },
        started = run.Started,
        wall_seconds = run.WallSeconds,
        trials = run.Trials.Select(t => new { model = t.Model, split = t.Key, t.Status, fit_seconds = t.FitSeconds, score_seconds = t.ScoreSeconds, reused = t.Reused }),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static string Version(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName);
        if (assembly is null)
        {
            try { assembly = Assembly.Load(assemblyName); } catch (IOException) { return "not loaded"; }
        }
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    private static string GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
            });
            if (git is null) return "unknown";
            string commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? commit : "unknown (not a git checkout)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not installed)";
        }
    }
}
