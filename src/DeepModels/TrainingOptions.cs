using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels;

/// <summary>
/// How a network is trained (a model's <c>train:</c>, merged with <c>params:</c>). Every architecture's options record
/// derives from this, so one record holds all of a deep model's options; an architecture may change these defaults
/// in its own default instance (e.g. seed 002 trains with SGD and a step schedule).
/// </summary>
public record TrainingOptions
{
    [Option("maximum training epochs", Min = 1, Max = 100_000)] public int Epochs { get; init; } = 30;
    [Option("examples per step", Min = 1, Max = 65_536)] public int BatchSize { get; init; } = 32;
    [Option("initial learning rate", Min = 1e-12, Max = 1e9)] public double LearningRate { get; init; } = 1e-3;
    [Option("adam, adamw or sgd")] public Optimizer Optimizer { get; init; } = Optimizer.Adam;
    [Option("sgd momentum", Min = 0, Max = 1)] public double Momentum { get; init; } = 0.9;
    [Option("sgd Nesterov momentum")] public bool Nesterov { get; init; }
    [Option("L2 penalty (decoupled for adamw)", Min = 0)] public double WeightDecay { get; init; }
    [Option("weight decay on biases and batch-norm parameters too; false = on weights only, as Keras' kernel_regularizer (Keras l2(a) is weight_decay 2a)")] public bool DecayBiases { get; init; } = true;
    [Option("learning-rate schedule: none, step or plateau")] public Schedule Scheduler { get; init; } = Schedule.None;
    [Option("step schedule: epochs between decays", Min = 1)] public int StepSize { get; init; } = 10;
    [Option("step schedule: decay factor", Min = 0, Max = 1)] public double Gamma { get; init; } = 0.1;
    [Option("plateau schedule: decay factor", Min = 0, Max = 1)] public double PlateauFactor { get; init; } = 0.5;
    [Option("plateau schedule: epochs without improvement", Min = 0)] public int PlateauPatience { get; init; } = 3;
    [Option("early stopping: epochs without improvement (0 = off); the best weights are restored", Min = 0)] public int Patience { get; init; } = 5;
    [Option("what early stopping and the plateau schedule watch: val_loss or val_accuracy")] public Monitor Monitor { get; init; } = Monitor.ValLoss;
    [Option("part of the training groups held out for validation when the split gives none", Min = 0, Max = 0.9)] public double ValidationFraction { get; init; } = 0.2;
    [Option("clip the gradient norm (0 = off)", Min = 0)] public double GradientClip { get; init; }
    [Option("weight the loss by inverse class frequency")] public bool ClassWeights { get; init; }
}
