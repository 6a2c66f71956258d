using MlNetGenre.Core.Options;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Experiments.Plan;

/// <summary>The dataset: its kind (with capabilities) and typed options, the resolved path, the labels kept and the bad-file policy.</summary>
public sealed record DatasetPlan(IDatasetKind Kind, object Options, string? Path, IReadOnlyList<string> Include, BadFilePolicy BadFiles)
{
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
