namespace MlNetGenre.Experiments.Running;

/// <summary>A track that could not be used, with the reason (already naming the file and the fix).</summary>
public sealed record BadFile(string TrackId, string Reason);
