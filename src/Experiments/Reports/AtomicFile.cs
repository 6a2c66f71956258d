namespace MlNetGenre.Experiments.Reports;

/// <summary>Writes a file under a temporary name and renames it, so an interrupted run never leaves half a file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".tmp";
        File.WriteAllText(temp, contents);
        File.Move(temp, path, overwrite: true);
    }
}
