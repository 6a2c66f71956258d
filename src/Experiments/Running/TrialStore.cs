using MlNetGenre.Onnx;
using System.Text.Json;
using MlNetGenre.Core.IO;
using System.Text.Json.Serialization;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Finished trials on disk (<c>&lt;output&gt;/&lt;experiment&gt;/.trials/&lt;key&gt;/</c>: trial.json and model.onnx),
/// written to a temporary folder and renamed, so an interrupted run leaves only whole trials and a rerun of the same
/// spec skips them. Several processes may share a store (two runs into one folder, Slurm array tasks): a trial is
/// computed under an exclusive lock on <c>&lt;key&gt;.lock</c> (released by the OS if the process dies), so one process
/// computes it while the others wait and then reuse it, and the first stored result of a key is never replaced.
/// A trial that failed leaves <c>&lt;key&gt;.failed.json</c> (never reused: the next run tries again), and the trials a
/// plan needs are listed in <c>plan.json</c>, so <c>mlnetgenre status</c> can tell done, running, failed and missing apart.
/// </summary>
public sealed class TrialStore(string root)
{
    public const string ModelFile = "model.onnx";
    private const string ResultFile = "trial.json";
    private const string FailureSuffix = ".failed.json";
    private const string PlanFile = "plan.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public string Root { get; } = root;

    public bool TryLoad(string key, out TrialResult trial, out string? onnxPath)
    {
        string folder = Path.Combine(Root, key);
        trial = null!;
        onnxPath = null;
        string file = Path.Combine(folder, ResultFile);
        if (!File.Exists(file)) return false;
        try
        {
            trial = JsonSerializer.Deserialize<TrialResult>(File.ReadAllText(file), Json)!;
        }
        catch (JsonException)
        {
            return false; // an unreadable record is recomputed, not a crash
        }
        string model = Path.Combine(folder, ModelFile);
        onnxPath = File.Exists(model) ? model : null;
        return trial is not null && (trial.Status != TrialResult.Succeeded || onnxPath is not null);
    }

    public void Save(string key, TrialResult trial, string? onnxFile)
    {
        string folder = Path.Combine(Root, key);
        AtomicFile.WriteFolder(folder, temporary =>
            {
                if (onnxFile is not null) OnnxModelFile.Copy(onnxFile, Path.Combine(temporary, ModelFile)); // with its external data, if any
                File.WriteAllText(Path.Combine(temporary, ResultFile), JsonSerializer.Serialize(trial, Json));
            },
            keepExisting: () => File.Exists(Path.Combine(folder, ResultFile))); // stored by another process meanwhile: the first result stays
        ForgetFailure(key);
    }

    /// <summary>Records why a trial failed (for status and a report-only run); a later success removes it.</summary>
    public void SaveFailure(string key, TrialResult trial)
    {
        Directory.CreateDirectory(Root);
        AtomicFile.WriteAllText(Path.Combine(Root, key + FailureSuffix), JsonSerializer.Serialize(trial, Json));
    }

    public bool TryLoadFailure(string key, out TrialResult trial)
    {
        trial = null!;
        string file = Path.Combine(Root, key + FailureSuffix);
        if (!File.Exists(file)) return false;
        try
        {
            trial = JsonSerializer.Deserialize<TrialResult>(File.ReadAllText(file), Json)!;
            return trial is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void ForgetFailure(string key) => File.Delete(Path.Combine(Root, key + FailureSuffix));

    /// <summary>The trials of the current plan, in the order shards take them (written by every trial step; same content).</summary>
    public void SavePlan(IReadOnlyList<PlannedTrial> trials)
    {
        Directory.CreateDirectory(Root);
        AtomicFile.WriteAllText(Path.Combine(Root, PlanFile), JsonSerializer.Serialize(trials, Json));
    }

    public IReadOnlyList<PlannedTrial>? LoadPlan()
    {
        string file = Path.Combine(Root, PlanFile);
        return File.Exists(file) ? JsonSerializer.Deserialize<List<PlannedTrial>>(File.ReadAllText(file), Json) : null;
    }

    /// <summary>Where one trial of a plan stands, read without waiting: a held lock means a live process is computing it.</summary>
    public TrialState StateOf(string key)
    {
        if (File.Exists(Path.Combine(Root, key, ResultFile))) return TrialState.Done;
        string lockFile = Path.Combine(Root, key + ".lock");
        if (File.Exists(lockFile))
        {
            try
            {
                using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1)) { }
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                return TrialState.Running;
            }
        }
        return File.Exists(Path.Combine(Root, key + FailureSuffix)) ? TrialState.Failed : TrialState.Missing;
    }

    /// <summary>
    /// The error .NET gives when another open file holds the exclusive lock, not a real I/O failure: on Linux and macOS
    /// the errno of a refused non-blocking flock (EWOULDBLOCK: 11, 35), on Windows a sharing or lock violation (32, 33).
    /// </summary>
    internal static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 35 || (e.HResult & 0xFFFF) is 32 or 33 && e.HResult < 0;

    /// <summary>
    /// Takes the trial's lock, waiting while another process holds it (telling <paramref name="waiting"/> once).
    /// Dispose the result to release it.
    /// </summary>
    public IDisposable Claim(string key, CancellationToken cancellation, Action waiting)
    {
        Directory.CreateDirectory(Root);
        string path = Path.Combine(Root, key + ".lock");
        bool told = false;
        while (true)
        {
            try
            {
                // The lock files stay: deleting one on release would let a waiter lock the deleted file while a newcomer locks a new one.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                if (!told) waiting();
                told = true;
                cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
                cancellation.ThrowIfCancellationRequested();
            }
        }
    }
}
