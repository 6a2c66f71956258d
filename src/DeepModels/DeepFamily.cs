using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Splitting;
using MlNetGenre.DeepModels.Training;
using TorchSharp;

namespace MlNetGenre.DeepModels;

/// <summary>
/// A TorchSharp model family: one <see cref="IArchitecture"/> plus the shared training options. Inputs are
/// standardised inside the model (per feature for vectors, one mean/scale for 2-D inputs), fitted on the
/// training part only; early stopping watches a validation part (the split's, or one carved out of the training
/// groups with the experiment's grouping).
/// </summary>
public sealed class DeepFamily(IArchitecture architecture) : IModelFamily
{
    public string Name => architecture.Name;
    public string Description => architecture.Description;
    public ModelInput Accepts => architecture.Accepts;
    public object DefaultOptions => architecture.Defaults;
    public IArchitecture Architecture => architecture;

    /// <summary>libtorch's parallel reductions sum in an order that depends on the thread count.</summary>
    public bool ThreadCountAffectsResults => true;

    /// <summary>Every architecture of this assembly (found by reflection), as a family.</summary>
    public static IReadOnlyList<DeepFamily> All { get; } = typeof(DeepFamily).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IArchitecture).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => new DeepFamily((IArchitecture)Activator.CreateInstance(t)!)).ToArray();

    /// <summary>
    /// TorchSharp's random generator (weight initialisation, dropout) is process-wide, so two fits running at
    /// once would draw from each other's stream and lose repeatability: fits run one at a time.
    /// </summary>
    private static readonly Lock TorchRandomState = new();

    /// <summary>
    /// One at a time (see <see cref="TorchRandomState"/>), so a grid search gives each fit every thread on the calling
    /// thread. On a thread-pool thread with one libtorch thread, the way parallel grid fits ran, seed 000's CNN trained at
    /// 9.6-9.8 clips/s against 17-20 on the main thread (Intel Xeon VM, batch 32): such a thread has its own glibc arena,
    /// which maps blocks above 64 MB afresh at every step (TorchRuntime), and the other core sat idle.
    /// </summary>
    public bool FitsInParallel => false;

    public IFittedModel Fit(FeatureTable training, object options, FitContext context)
    {
        TorchRuntime.Initialize();
        if (options is not TrainingOptions o) throw new ArgumentException($"{Name} takes {architecture.Defaults.GetType().Name}, not {options.GetType().Name}", nameof(options));
        TrainingChecks.RequireTwoClasses(Name, training);
        lock (TorchRandomState) return FitAlone(training, o, context);
    }

    private DeepModel FitAlone(FeatureTable training, TrainingOptions options, FitContext context)
    {
        int classes = training.ClassNames.Count;
        torch.manual_seed(context.Seed);
        var network = architecture.Build(training.ItemShape, classes, options); // a shape that does not fit fails here, before training

        FeatureTable train = training, validation;
        if (context.Validation is { Count: > 0 } given) validation = given;
        else if (options.ValidationFraction > 0)
        {
            var (kept, held) = StratifiedGroupSplitter.Holdout(training.ClassIndex, context.Grouping.GroupsOf(training), options.ValidationFraction, context.Seed + 101);
            (train, validation) = (training.Select(kept), training.Select(held));
        }
        else validation = training.Select([]);
        var standardizer = training.ItemShape.Count == 1 ? Standardizer.Fit(train.Rows) : Standardizer.FitScalar(train.Rows);
        context.Report($"{Name}: {train.Count} training and {validation.Count} validation items of shape [{string.Join(", ", training.ItemShape)}]");
        using var kernels = TorchRuntime.KernelsFor(network, training.ItemShape, Math.Max(1, context.Threads), training: true);
        context.Report($"{Name}: {kernels.Description}");
        // Rows are read batch by batch (from disk when the table lives in the feature store) and standardised on the way.
        IReadOnlyList<EpochRecord> history;
        try
        {
            history = Trainer.Fit(network, train.Source, train.ClassIndex.ToArray(), validation.Source, validation.ClassIndex.ToArray(),
                standardizer, training.ItemShape, classes, options, context);
        }
        finally
        {
            TorchRuntime.ReturnFreedMemory(); // the fit's activations, kept by glibc between steps
        }
        return new DeepModel(network, standardizer, training.ItemShape, history,
            $"{Name} ({architecture.Description}; {Core.Options.OptionBinder.Format(options)}), TorchSharp.");
    }
}
