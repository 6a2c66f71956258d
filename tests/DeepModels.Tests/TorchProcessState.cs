namespace MlNetGenre.DeepModels.Tests;

/// <summary>
/// Tests that set libtorch's process-wide state (thread count, random seed) or need it untouched while they
/// run (a fit compared with another fit): they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchProcessState
{
    public const string Name = "libtorch process state";
}
