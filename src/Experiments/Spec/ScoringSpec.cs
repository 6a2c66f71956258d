namespace MlNetGenre.Experiments.Spec;

/// <summary><c>scoring:</c> where ONNX Runtime scores the test part (and where deep models train).</summary>
public sealed class ScoringSpec : SpecNode
{
    /// <summary><c>auto</c> (CUDA when available), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "cpu";
}
