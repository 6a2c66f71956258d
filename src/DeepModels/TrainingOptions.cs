using MlNetGenre.Onnx.Models;

namespace MlNetGenre.DeepModels;

/// <summary>How a network is trained; read from a model's params/train in YAML (names in <see cref="Specs"/>).</summary>
public sealed record TrainingOptions(
    int Epochs, int BatchSize, double LearningRate, string Optimizer, double Momentum, bool Nesterov, double WeightDecay,
    string Scheduler, int StepSize, double Gamma, double PlateauFactor, int PlateauPatience,
    int EarlyStoppingPatience, string Monitor, double ValidationFraction, double GradientClip, bool ClassWeights)
{
    public static IReadOnlyList<ParameterSpec> Specs { get; } =
    [
        new("epochs", ParameterKind.Integer, 30, "maximum training epochs"),
        new("batch_size", ParameterKind.Integer, 32, "examples per step"),
        new("learning_rate", ParameterKind.Number, 1e-3, "initial learning rate"),
        new("optimizer", ParameterKind.Text, "adam", "adam, adamw or sgd"),
        new("momentum", ParameterKind.Number, 0.9, "sgd momentum"),
        new("nesterov", ParameterKind.Boolean, false, "sgd Nesterov momentum"),
        new("weight_decay", ParameterKind.Number, 0.0, "L2 penalty (decoupled for adamw)"),
        new("scheduler", ParameterKind.Text, "none", "none, step or plateau"),
        new("step_size", ParameterKind.Integer, 10, "step scheduler: epochs between decays"),
        new("gamma", ParameterKind.Number, 0.1, "step scheduler: decay factor"),
        new("plateau_factor", ParameterKind.Number, 0.5, "plateau scheduler: decay factor"),
        new("plateau_patience", ParameterKind.Integer, 3, "plateau scheduler: epochs without improvement"),
        new("patience", ParameterKind.Integer, 5, "early stopping: epochs without improvement (0 = off); best weights are restored"),
        new("monitor", ParameterKind.Text, "val_loss", "early stopping and plateau watch val_loss or val_accuracy"),
        new("validation_fraction", ParameterKind.Number, 0.2, "part of the training tracks used for validation when the split gives none"),
        new("gradient_clip", ParameterKind.Number, 0.0, "clip the gradient norm (0 = off)"),
        new("class_weights", ParameterKind.Boolean, false, "weight the loss by inverse class frequency"),
    ];

    public static TrainingOptions From(HyperParameters p)
    {
        var options = new TrainingOptions(
            p.GetInt("epochs", 30), p.GetInt("batch_size", 32), p.GetDouble("learning_rate", 1e-3), p.GetString("optimizer", "adam"),
            p.GetDouble("momentum", 0.9), p.Values.TryGetValue("nesterov", out object? n) && n is true, p.GetDouble("weight_decay", 0),
            p.GetString("scheduler", "none"), p.GetInt("step_size", 10), p.GetDouble("gamma", 0.1), p.GetDouble("plateau_factor", 0.5),
            p.GetInt("plateau_patience", 3), p.GetInt("patience", 5), p.GetString("monitor", "val_loss"), p.GetDouble("validation_fraction", 0.2),
            p.GetDouble("gradient_clip", 0), p.Values.TryGetValue("class_weights", out object? w) && w is true);
        if (options.Optimizer is not ("adam" or "adamw" or "sgd")) throw new ArgumentException($"optimizer '{options.Optimizer}' is unknown; use adam, adamw or sgd");
        if (options.Scheduler is not ("none" or "step" or "plateau")) throw new ArgumentException($"scheduler '{options.Scheduler}' is unknown; use none, step or plateau");
        if (options.Monitor is not ("val_loss" or "val_accuracy")) throw new ArgumentException($"monitor '{options.Monitor}' is unknown; use val_loss or val_accuracy");
        if (options.Epochs < 1 || options.BatchSize < 1 || options.LearningRate <= 0) throw new ArgumentException("epochs and batch_size must be >= 1 and learning_rate > 0");
        return options;
    }
}
