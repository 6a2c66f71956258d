namespace MlNetGenre.Experiments.Splits;

/// <summary>Positions of the items (rows of a feature table) in the training and the test part.</summary>
public sealed record TrainTestSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Test);
