namespace MlNetGenre.Core.Models;

/// <summary>
/// A model built in stages (boosting rounds, a forest's trees) whose first <c>m</c> stages are exactly the model
/// that fitting with <c>m</c> stages gives. A grid over the stage count then needs one fit, not one per value
/// (scikit-learn's staged_predict / warm_start). Families name the option in <see cref="IStagedFamily.StageOption"/>.
/// </summary>
public interface IStagedModel : IFittedModel
{
    /// <summary>How many stages were fitted (fewer than asked when boosting stopped early).</summary>
    int Stages { get; }

    /// <summary>Probabilities using only the first <paramref name="stages"/> stages (all of them when larger).</summary>
    float[] PredictProbabilities(float[] features, int stages);
}

/// <summary>A family whose models are <see cref="IStagedModel"/>s over the integer option <see cref="StageOption"/>.</summary>
public interface IStagedFamily : IModelFamily
{
    /// <summary>The YAML name of the stage-count option, e.g. <c>trees</c>.</summary>
    string StageOption { get; }
}
