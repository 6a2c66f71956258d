using MlNetGenre.Core.Components;
using MlNetGenre.Core.Data;

namespace MlNetGenre.Core.Models;

/// <summary>
/// The one estimator contract (as scikit-learn's): a family is a component with a YAML name and typed options
/// (the defaults are its <see cref="IComponent.DefaultOptions"/>); it fits on training rows only and returns a
/// fitted model. Grid search, cross-validation, export and reports are written once against this.
/// </summary>
public interface IModelFamily : IComponent
{
    /// <summary>Which inputs it takes: feature vectors, 2-D time-frequency inputs, or both.</summary>
    ModelInput Accepts { get; }

    /// <summary>
    /// Fits on the training rows (standardisation included) with <paramref name="options"/>, an instance of this
    /// family's options type bound from YAML, honouring <see cref="FitContext.Cancellation"/>.
    /// </summary>
    IFittedModel Fit(FeatureTable training, object options, FitContext context);

    /// <summary>True when a fit with another number of threads can give other numbers (float sums in another order): trial keys then include the thread count.</summary>
    bool ThreadCountAffectsResults => false;

    /// <summary>
    /// False when this family's fits must run one after another (a process-wide state): grid-search fits then run in
    /// turn on the calling thread, each with all of <see cref="FitContext.Threads"/>, rather than in parallel with one each.
    /// </summary>
    bool FitsInParallel => true;

    /// <summary>Null when the options go together, else the problem (checked for every candidate before anything runs).</summary>
    string? Problem(object options) => null;
}

/// <summary>Input shapes a model family can take.</summary>
public enum ModelInput
{
    /// <summary>Feature vectors [F].</summary>
    Vector,

    /// <summary>2-D inputs [rows, frames] (spectrograms, MFCC matrices).</summary>
    Matrix,

    /// <summary>Either.</summary>
    Any,
}
