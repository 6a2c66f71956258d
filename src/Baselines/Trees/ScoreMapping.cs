namespace MlNetGenre.Baselines.Trees;

/// <summary>How per-class ensemble scores become probabilities.</summary>
public enum ScoreMapping
{
    /// <summary>softmax(scores): for boosted logits.</summary>
    Softmax,

    /// <summary>q = clip((s + 1) / 2, 0, 1), p = (q + e) / (sum q + C e): for forests whose score is a mean vote in [-1, 1].</summary>
    VoteShare,
}
