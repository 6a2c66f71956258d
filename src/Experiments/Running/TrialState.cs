namespace MlNetGenre.Experiments.Running;

/// <summary>Where a planned trial stands in the store.</summary>
public enum TrialState
{
    Done,
    Running,
    Failed,
    Missing,
}
