using MlNetGenre.Core.Models;
using MlNetGenre.DeepModels.Networks;

namespace MlNetGenre.DeepModels;

/// <summary>
/// A network design: its YAML family name, its options (a <see cref="TrainingOptions"/>-derived record whose
/// defaults are <see cref="Defaults"/>) and a builder from (item shape, classes, options). The builder throws
/// ArgumentException before any training when the input shape does not fit the design. One file per
/// architecture under Architectures/; <see cref="DeepFamily"/> makes each a model family.
/// </summary>
public interface IArchitecture
{
    string Name { get; }
    string Description { get; }
    ModelInput Accepts { get; }
    TrainingOptions Defaults { get; }
    Network Build(IReadOnlyList<int> shape, int classes, TrainingOptions options);
}

/// <summary>Base of an architecture with options record <typeparamref name="TOptions"/>.</summary>
public abstract class Architecture<TOptions> : IArchitecture where TOptions : TrainingOptions
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual ModelInput Accepts => ModelInput.Matrix;
    public abstract TOptions Defaults { get; }
    TrainingOptions IArchitecture.Defaults => Defaults;

    public Network Build(IReadOnlyList<int> shape, int classes, TrainingOptions options) => Build(shape, classes, (TOptions)options);

    protected abstract Network Build(IReadOnlyList<int> shape, int classes, TOptions options);

    /// <summary>[rows, frames] of a 2-D input, or an error naming the architecture.</summary>
    protected int[] Matrix(IReadOnlyList<int> shape) => shape.Count == 2
        ? [shape[0], shape[1]]
        : throw new ArgumentException($"{Name} needs a 2-D input [rows, frames] (a stft, logmel or mfcc-matrix feature set), not a vector of {shape[0]} values");
}
