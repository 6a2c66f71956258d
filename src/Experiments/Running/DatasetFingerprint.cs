using System.Security.Cryptography;
using System.Text;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// What is in a dataset, in one short hash: the sorted item ids with the content hash of each one's file (or, for
/// generated data, the id alone — the generator's options are in the plan). Part of every trial key, so adding,
/// losing or changing a file re-runs trials instead of mixing results from different data.
/// </summary>
public static class DatasetFingerprint
{
    public static string Of(IEnumerable<(string Id, string Content)> items)
    {
        var text = new StringBuilder();
        foreach (var (id, content) in items.OrderBy(i => i.Id, StringComparer.Ordinal)) text.Append(id).Append('\t').Append(content).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 12).ToLowerInvariant();
    }

    /// <summary>A table read from files (features-csv, fma-features): each row's id with the hash of its label and values.</summary>
    public static string Of(Core.Data.FeatureTable table) =>
        Of(Enumerable.Range(0, table.Count).Select(i => (table.ItemIds[i],
            Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(table.Rows[i].AsSpan())), 0, 8) + table.ClassNames[table.ClassIndex[i]])));
}
