namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// One entry of <c>models:</c>: a model family, the feature set it reads, fixed hyper-parameters
/// (<c>params</c>, plus <c>train</c> for training options of deep models), and an optional <c>grid</c>
/// searched with k-fold cross-validation (<c>cv</c>) on the training part.
/// </summary>
public sealed class ModelSpec : SpecNode
{
    public required string Name { get; set; }
    public required string Family { get; set; }
    public required string Features { get; set; }
    public Dictionary<string, object> Params { get; set; } = [];
    /// <summary>Training options (epochs, batch_size, optimizer, ...); merged with params.</summary>
    public Dictionary<string, object> Train { get; set; } = [];
    /// <summary>Values to search: a list (<c>k: [4, 6]</c>) or a range (<c>k: {from: 4, to: 30, step: 2}</c>).</summary>
    public Dictionary<string, object> Grid { get; set; } = [];
    public CvSpec Cv { get; set; } = new();
}
