namespace MlNetGenre.Experiments.Running;

/// <summary>One trial a plan needs: which model on which split, its store key, and the shard position that takes it.</summary>
public sealed record PlannedTrial(string Model, string Split, string Key, int Position);
