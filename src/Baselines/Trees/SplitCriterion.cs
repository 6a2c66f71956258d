namespace MlNetGenre.Baselines.Trees;

/// <summary>How a classification tree measures node impurity (<c>criterion</c>, as scikit-learn).</summary>
public enum SplitCriterion
{
    Gini,
    Entropy,
}
