namespace MlNetGenre.Experiments.Spec;

/// <summary>One entry of <c>models:</c>: a model family, the feature set it reads and its hyper-parameters.</summary>
public sealed class ModelSpec : SpecNode
{
    public required string Name { get; set; }
    public required string Family { get; set; }
    public required string Features { get; set; }
    public Dictionary<string, object> Params { get; set; } = [];
}
