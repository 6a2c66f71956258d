namespace MlNetGenre.Baselines.Trees;

/// <summary>How far a classification tree grows: scikit-learn's DecisionTreeClassifier parameters.</summary>
/// <param name="MaxDepth">null = until leaves are pure or too small.</param>
/// <param name="MaxFeatures">Features tried per split (drawn at random without replacement); all = plain CART.</param>
internal sealed record TreeGrowth(SplitCriterion Criterion, int? MaxDepth, int MinSamplesSplit, int MinSamplesLeaf, int MaxFeatures);
