using MlNetGenre.Core.Options;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// The dataset: its kind (with capabilities) and typed options, the resolved path, the labels kept, the bad-file
/// policy, and how large a feature table may be and still be held in memory (<c>in_memory_mb</c>; larger ones are
/// streamed from the feature store, with the same results).
/// </summary>
public sealed record DatasetPlan(IDatasetKind Kind, object Options, string? Path, IReadOnlyList<string> Include, BadFilePolicy BadFiles, double InMemoryMb = 1024)
{
    /// <summary>The in-memory limit in bytes.</summary>
    public long InMemoryBytes => (long)Math.Min(long.MaxValue / 2.0, InMemoryMb * (1 << 20));

    public DatasetCapabilities Capabilities => Kind.Capabilities;

    /// <summary>Kind and options as canonical text (trial keys, manifests).</summary>
    public string Describe() => $"{Kind.Name}({OptionBinder.Format(Options)})";
}

/// <summary>What to do with a file that cannot be used (<c>dataset.bad_files</c>).</summary>
public enum BadFilePolicy
{
    /// <summary>Report it and go on with the others.</summary>
    Skip,

    /// <summary>Stop the run, listing every such file.</summary>
    Fail,
}
