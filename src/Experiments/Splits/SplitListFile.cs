namespace MlNetGenre.Experiments.Splits;

/// <summary>
/// Reads a predefined split list: one track id per line, blank lines and <c>#</c> comments ignored. A file of
/// 0 bytes is empty without being opened, which is also what a pipe or a device reports, so neither can hang a run.
/// </summary>
public static class SplitListFile
{
    public static IReadOnlyList<(int Number, string TrackId)> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidDataException($"split list {path} does not exist (or is a folder); fix the path under split:");
        if (info.Length == 0) return [];
        return File.ReadLines(path).Select((text, index) => (Number: index + 1, TrackId: text.Trim()))
            .Where(l => l.TrackId.Length > 0 && !l.TrackId.StartsWith('#')).ToArray();
    }
}
