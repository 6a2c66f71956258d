namespace MlNetGenre.Core.Models;

/// <summary>A fitted classifier evaluated in process (for cross-validation scores and parity checks).</summary>
public interface IFittedModel
{
    /// <summary>Class probabilities for one raw (unstandardised) item, flattened row-major.</summary>
    float[] PredictProbabilities(float[] features);

    /// <summary>A one-line description for reports: what was fitted, with which options.</summary>
    string Description { get; }
}
