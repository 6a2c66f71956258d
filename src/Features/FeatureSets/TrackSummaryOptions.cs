using MlNetGenre.Core.Options;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>Options of the handcrafted track vectors (seed001, kaggle-gtzan): librosa's analysis defaults.</summary>
public sealed record TrackSummaryOptions
{
    [Option("FFT size (samples)", Min = 16, Max = 65536)] public int NFft { get; init; } = 2048;
    [Option("hop between frames (samples)", Min = 1, Max = 65536)] public int HopLength { get; init; } = 512;
    [Option("mel bands (for MFCC and tempo)", Min = 20, Max = 512)] public int NMels { get; init; } = 128;
}
