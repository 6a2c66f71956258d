using MlNetGenre.Core.Data;

namespace MlNetGenre.Core.Models;

/// <summary>
/// Base of a model family with a typed options record <typeparamref name="TOptions"/>: the record's initial
/// values are the defaults (written once), <see cref="Fit(FeatureTable, TOptions, FitContext)"/> receives them typed.
/// </summary>
public abstract class ModelFamily<TOptions> : IModelFamily where TOptions : class
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual ModelInput Accepts => ModelInput.Vector;

    /// <summary>The defaults; override only when they are not the record's own initial values.</summary>
    public virtual TOptions Defaults => Activator.CreateInstance<TOptions>();

    public object DefaultOptions => Defaults;

    /// <summary>Fits on <paramref name="training"/>, which must hold items of at least two classes (one class is no classifier).</summary>
    public IFittedModel Fit(FeatureTable training, object options, FitContext context)
    {
        if (options is not TOptions typed)
            throw new ArgumentException($"{Name} takes {typeof(TOptions).Name}, not {options.GetType().Name}", nameof(options));
        TrainingChecks.RequireTwoClasses(Name, training);
        return Fit(training, typed, context);
    }

    protected abstract IFittedModel Fit(FeatureTable training, TOptions options, FitContext context);

    public string? Problem(object options) => options is TOptions typed ? Problem(typed) : $"{Name} takes {typeof(TOptions).Name}";

    /// <summary>Checks that go beyond one option's range (which the options record declares).</summary>
    protected virtual string? Problem(TOptions options) => null;
}
