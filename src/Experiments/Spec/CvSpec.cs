namespace MlNetGenre.Experiments.Spec;

/// <summary><c>cv:</c> of a model with a grid: folds on the training part and the selection metric.</summary>
public sealed class CvSpec : SpecNode
{
    public int Folds { get; set; } = 5;
    /// <summary><c>accuracy</c> or <c>macro_f1</c>.</summary>
    public string Metric { get; set; } = "accuracy";
}
