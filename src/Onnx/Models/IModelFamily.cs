using MlNetGenre.Features.FeatureSets;

namespace MlNetGenre.Onnx.Models;

/// <summary>
/// The one estimator contract of the project (as scikit-learn's): a family knows its YAML name, the
/// hyper-parameters it accepts, how to fit on training rows, and (through the fitted model) how to
/// export itself to ONNX. Grid search, cross-validation and reports are written once against this.
/// </summary>
public interface IModelFamily
{
    /// <summary>The name used in YAML (<c>family: logistic-regression</c>).</summary>
    string Name { get; }

    IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Fits on the training rows only (standardisation included), honouring <see cref="FitContext.Cancellation"/>.</summary>
    IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context);
}
