namespace MlNetGenre.Features.Datasets;

/// <summary>A dataset that cannot be used as configured; the message names the path and the fix.</summary>
public sealed class DatasetException(string message) : Exception(message);
