using System.ComponentModel;
using MlNetGenre.Experiments.Plan;
using Spectre.Console.Cli;

namespace MlNetGenre.Experiments.Cli;

/// <summary>Settings shared by the commands that read an experiment file.</summary>
public class SpecSettings : CommandSettings
{
    [CommandArgument(0, "<spec>")]
    [Description("Experiment YAML file, e.g. experiments/quickstart.yaml")]
    public string Spec { get; init; } = "";

    [CommandOption("--dataset-root <DIR>")]
    [Description("Use this folder (or CSV file) instead of the spec's dataset path")]
    public string? DatasetRoot { get; init; }

    public ExperimentPlan ReadPlan(string? outputRoot = null) => PlanReader.ReadFile(Spec, DatasetRoot, outputRoot);
}
