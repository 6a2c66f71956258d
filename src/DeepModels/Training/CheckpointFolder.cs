using System.Globalization;
using System.Text.Json;
using MlNetGenre.Core.IO;

namespace MlNetGenre.DeepModels.Training;

/// <summary>
/// A fit's checkpoints: one folder per epoch, <c>epoch-0003/</c> holding the weights, the optimizer state and the
/// training state, written under a temporary name and renamed into place, so a folder that exists is complete
/// (a kill -9 while writing leaves only a <c>.tmp</c> folder, ignored and removed on the next start). The newest
/// complete epoch is where a resumed fit continues; the best epoch's folder is kept too, for its weights.
/// </summary>
internal sealed class CheckpointFolder(string root)
{
    private const string Prefix = "epoch-", Temporary = ".tmp", Model = "model.bin", Optimizer = "optimizer.bin", StateFile = "state.json";

    /// <summary>The newest complete epoch's folder, or null when there is none.</summary>
    public string? Latest()
    {
        if (!Directory.Exists(root)) return null;
        foreach (string stale in Directory.GetDirectories(root, Prefix + "*" + Temporary + "*")) TryDelete(stale);
        return Epochs().OrderByDescending(e => e.Epoch).Select(e => e.Folder)
            .FirstOrDefault(f => File.Exists(Path.Combine(f, StateFile)) && File.Exists(Path.Combine(f, Model)) && File.Exists(Path.Combine(f, Optimizer)));
    }

    public static T ReadState<T>(string epochFolder) => JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(epochFolder, StateFile)))!;

    public static string ModelFile(string epochFolder) => Path.Combine(epochFolder, Model);

    public static string OptimizerFile(string epochFolder) => Path.Combine(epochFolder, Optimizer);

    /// <summary>The weights saved after <paramref name="epoch"/>, if its folder is still there.</summary>
    public string? WeightsOf(int epoch)
    {
        string file = Path.Combine(root, Name(epoch), Model);
        return File.Exists(file) ? file : null;
    }

    /// <summary>Writes one epoch's checkpoint atomically, then removes the epochs no longer needed (all but this one and <paramref name="keepEpoch"/>).</summary>
    public void Save(int epoch, int keepEpoch, Action<string> saveModel, Action<string> saveOptimizer, object state)
    {
        Directory.CreateDirectory(root);
        AtomicFile.WriteFolder(Path.Combine(root, Name(epoch)), temporary =>
        {
            saveModel(Path.Combine(temporary, Model));
            saveOptimizer(Path.Combine(temporary, Optimizer));
            File.WriteAllText(Path.Combine(temporary, StateFile), JsonSerializer.Serialize(state));
        });
        foreach (var (old, folder) in Epochs())
            if (old != epoch && old != keepEpoch) TryDelete(folder);
    }

    private IEnumerable<(int Epoch, string Folder)> Epochs() =>
        Directory.GetDirectories(root, Prefix + "*")
            .Select(f => (Name: Path.GetFileName(f), Folder: f))
            .Where(f => f.Name.Length == Prefix.Length + 4 && int.TryParse(f.Name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(f => (int.Parse(f.Name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture), f.Folder)).ToArray();

    private static string Name(int epoch) => Prefix + epoch.ToString("D4", CultureInfo.InvariantCulture);

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
