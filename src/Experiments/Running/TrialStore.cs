using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Finished trials on disk (<c>&lt;output&gt;/&lt;experiment&gt;/.trials/&lt;key&gt;/</c>: trial.json and model.onnx),
/// written to a temporary folder and renamed, so an interrupted run leaves only whole trials and a
/// rerun of the same spec skips them.
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
        string temp = folder + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        if (onnxFile is not null) File.Copy(onnxFile, Path.Combine(temp, ModelFile));
        File.WriteAllText(Path.Combine(temp, ResultFile), JsonSerializer.Serialize(trial, Json));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(temp, folder);
    }
}
