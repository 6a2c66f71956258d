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
/// </summary>
public sealed class TrialStore(string root)
{
    public const string ModelFile = "model.onnx";
    private const string ResultFile = "trial.json";

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
                if (onnxFile is not null) File.Copy(onnxFile, Path.Combine(temporary, ModelFile));
                File.WriteAllText(Path.Combine(temporary, ResultFile), JsonSerializer.Serialize(trial, Json));
            },
            keepExisting: () => File.Exists(Path.Combine(folder, ResultFile))); // stored by another process meanwhile: the first result stays
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
