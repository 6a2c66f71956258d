using System.Globalization;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Slice <see cref="Index"/> of <see cref="Count"/> of a run's work (tracks to extract, trials to compute): item
/// <c>p</c> of a fixed order belongs to slice <c>p mod Count</c>, so the same spec always gives every array task
/// the same work, and slices differ in size by at most one item.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public bool Owns(int position) => position % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Reads <c>i/N</c> (0 &lt;= i &lt; N).</summary>
    public static Shard Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1 && index < count)
            return new Shard(index, count);
        throw new ArgumentException($"--shard '{text}' is not i/N with 0 <= i < N (e.g. 0/4 for the first of four tasks)");
    }

    /// <summary>The Slurm array task this process is, when it runs inside a job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT).</summary>
    public static Shard? FromSlurmEnvironment()
    {
        string? id = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID"), count = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_COUNT");
        return id is null || count is null ? null : Parse($"{id}/{count}");
    }
}
