namespace MlNetGenre.Experiments.Running;

/// <summary>One grid-search candidate: its parameters, cross-validation fold scores and fit time.</summary>
public sealed record CandidateScore(string Parameters, IReadOnlyList<double> FoldScores, double MeanScore, double FitSeconds);
