using MlNetGenre.Core.Data;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of <c>audio:</c>.</summary>
public sealed record AudioSection
{
    [Option("target rate in Hz (4000 to 192000), or native to keep each file's own")] public string SampleRate { get; init; } = "22050";
    [Option("clip length in seconds; 0 = whole tracks", Min = 0, Max = 3600)] public double ClipSeconds { get; init; }
    [Option("hop between clip starts in seconds; 0 = the clip length (no overlap)", Min = 0, Max = 3600)] public double ClipHopSeconds { get; init; }
    [Option("the end of a track shorter than a clip: drop, or pad with zeros")] public Remainder Remainder { get; init; } = Remainder.Drop;
    [Option("pad: only an end holding at least this fraction of a clip becomes a clip (a track with no whole clip always gives one)", Min = 0, Max = 1)]
    public double MinRemainder { get; init; } = 0.5;
}
