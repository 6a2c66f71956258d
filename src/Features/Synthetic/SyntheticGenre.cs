namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// One genre of the synthetic dataset and what characterises it: the tempo range tracks are drawn
/// from (beats per minute) and plain-language descriptions of rhythm, bass, harmony and timbre.
/// </summary>
public sealed record SyntheticGenre(
    string Name,
    double MinBpm,
    double MaxBpm,
    string Rhythm,
    string Bass,
    string Harmony,
    string Timbre);
