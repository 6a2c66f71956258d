using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetGenre.Core.IO;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Cluster;

/// <summary>
/// An experiment as three dependent Slurm jobs: a job array extracting features by shards of tracks, a job array
/// computing trials by shards (after the features succeeded), and the report (after every trial task ended, so
/// failed trials are reported as failed). Every task is the ordinary CLI on a slice
/// (<c>run --features-only|--trials-only --shard i/N</c>, <c>run --report-only</c>); the trial store makes a
/// requeued or resubmitted task reuse what is finished and resume a deep model from its last epoch.
/// </summary>
public sealed class SlurmJob
{
    public const string JobFile = "slurm.json";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>What <c>mlnetgenre slurm</c> was asked for; written to <c>slurm.json</c> beside the scripts.</summary>
    public sealed record Request(string Spec, string? DatasetRoot, string Output, int Tasks, int? MaxParallel, string? Partition, string? Time,
        int CpusPerTask, string? Memory, int GpusPerDeepTrial, IReadOnlyList<string> Launcher);

    /// <summary>The job folder's record: the request, the scripts and (once submitted) the job ids.</summary>
    public sealed record Record(Request Request, string Experiment, IReadOnlyList<string> Scripts, IReadOnlyList<string> JobIds);

    public static string FolderOf(string output, string experiment, DateTimeOffset now) =>
        Path.Combine(output, experiment, "slurm-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    /// <summary>Writes the three scripts and slurm.json into <paramref name="folder"/>; returns the script paths in submission order.</summary>
    public static IReadOnlyList<string> Write(string folder, Request request, ExperimentPlan plan)
    {
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        bool anyDeep = plan.Models.Any(m => m.Family is DeepModels.DeepFamily);
        string Run(string step, bool sharded) =>
            string.Join(' ', request.Launcher.Select(Quote)) + " run " + Quote(request.Spec) + " --output " + Quote(request.Output) +
            (request.DatasetRoot is null ? "" : " --dataset-root " + Quote(request.DatasetRoot)) + " " + step +
            (sharded ? $" --shard \"$SLURM_ARRAY_TASK_ID/{request.Tasks}\"" : "");
        var scripts = new List<string>
        {
            Script(folder, "features", request, array: true, gpus: 0, Run("--features-only", sharded: true)),
            Script(folder, "trials", request, array: true, gpus: anyDeep ? request.GpusPerDeepTrial : 0, Run("--trials-only", sharded: true)),
            Script(folder, "report", request, array: false, gpus: 0, Run("--report-only", sharded: false)),
        };
        Save(folder, new Record(request, plan.Name, scripts, []));
        return scripts;
    }

    /// <summary>Submits the scripts with sbatch, each after the one before (features -> afterok -> trials -> afterany -> report).</summary>
    public static IReadOnlyList<string> Submit(string folder)
    {
        var record = Load(folder);
        var ids = new List<string>();
        for (int i = 0; i < record.Scripts.Count; i++)
        {
            var arguments = new List<string> { "--parsable" };
            if (i > 0) arguments.Add($"--dependency={(i == 1 ? "afterok" : "afterany")}:{ids[^1]}");
            arguments.Add(record.Scripts[i]);
            ids.Add(Sbatch(arguments).Split(';')[0].Trim());
        }
        Save(folder, record with { JobIds = ids });
        return ids;
    }

    public static Record Load(string folder)
    {
        string file = Path.Combine(folder, JobFile);
        if (!File.Exists(file)) throw new FileNotFoundException($"{folder} has no {JobFile}; give a folder written by `mlnetgenre slurm`, or the experiment YAML");
        return JsonSerializer.Deserialize<Record>(File.ReadAllText(file), Json) ?? throw new InvalidDataException($"{file} is empty");
    }

    private static void Save(string folder, Record record) => AtomicFile.WriteAllText(Path.Combine(folder, JobFile), JsonSerializer.Serialize(record, Json));

    private static string Script(string folder, string step, Request request, bool array, int gpus, string command)
    {
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={Path.GetFileName(Path.GetDirectoryName(folder))}-{step}\n");
        if (array) text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{request.Tasks - 1}{(request.MaxParallel is int k ? $"%{k}" : "")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(folder, "logs", array ? $"{step}-%a.out" : $"{step}.out")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={request.CpusPerTask}\n");
        text.Append("#SBATCH --requeue\n");
        if (request.Partition is not null) text.Append($"#SBATCH --partition={request.Partition}\n");
        if (request.Time is not null) text.Append($"#SBATCH --time={request.Time}\n");
        if (request.Memory is not null) text.Append($"#SBATCH --mem={request.Memory}\n");
        if (gpus > 0) text.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus-per-task={gpus}\n");
        text.Append("set -eu\n");
        text.Append(CultureInfo.InvariantCulture, $"cd {Quote(Directory.GetCurrentDirectory())}\n");
        text.Append("exec ").Append(command).Append('\n');
        string path = Path.Combine(folder, step + ".sbatch");
        AtomicFile.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Sbatch(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"sbatch {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Trim()}");
            return output.Result.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("sbatch was not found: run `mlnetgenre slurm` on a Slurm login node, or submit the written scripts there yourself");
        }
    }

    /// <summary>A bash word: single-quoted unless it is plainly safe.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:@%,".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
