using MlNetGenre.DeepModels.Training;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx.Models;
using TorchSharp;

namespace MlNetGenre.DeepModels;

/// <summary>
/// A TorchSharp model family: one <see cref="Architecture"/> plus the shared training options. Inputs are
/// standardised inside the model (per feature for vectors, one mean/scale for 2-D inputs), fitted on the
/// training part only.
/// </summary>
public sealed class DeepFamily(Architecture architecture) : IModelFamily
{
    public string Name => architecture.Name;

    public IReadOnlyList<ParameterSpec> Parameters { get; } = [.. architecture.Parameters, .. TrainingOptions.Specs];

    public static IReadOnlyList<DeepFamily> All { get; } = Architectures.All.Select(a => new DeepFamily(a)).ToArray();

    /// <summary>
    /// TorchSharp's random generator (weight initialisation, dropout) is process-wide, so two fits running at
    /// once would draw from each other's stream and lose repeatability: fits run one at a time.
    /// </summary>
    private static readonly Lock TorchRandomState = new();

    public IExportableModel Fit(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        TorchRuntime.Initialize();
        lock (TorchRandomState) return FitAlone(training, parameters, context);
    }

    private DeepModel FitAlone(FeatureTable training, HyperParameters parameters, FitContext context)
    {
        var options = TrainingOptions.From(parameters);
        int classes = training.ClassNames.Count;
        torch.manual_seed(context.Seed);
        var network = architecture.Build(training.ItemShape, classes, parameters); // a shape that does not fit fails here, before training

        FeatureTable train = training, validation;
        if (context.Validation is { Count: > 0 } given) validation = given;
        else
        {
            var (t, v) = ValidationSplit.ByTrack(training, options.ValidationFraction, context.Seed);
            (train, validation) = (training.Select(t), training.Select(v));
        }
        var standardizer = training.ItemShape.Count == 1 ? Standardizer.Fit(train.Rows) : Standardizer.FitScalar(train.Rows);
        context.Report($"{Name}: {train.Count} training and {validation.Count} validation items of shape [{string.Join(", ", training.ItemShape)}]");
        var history = Trainer.Fit(network, train.Rows.Select(standardizer.Transform).ToArray(), train.ClassIndex.ToArray(),
            validation.Rows.Select(standardizer.Transform).ToArray(), validation.ClassIndex.ToArray(), training.ItemShape, classes, options, context);
        return new DeepModel(network, standardizer, training.ItemShape, history, $"{Name} ({architecture.Description}; {parameters}), TorchSharp.");
    }
}
