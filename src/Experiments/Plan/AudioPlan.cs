using MlNetGenre.Core.Data;

namespace MlNetGenre.Experiments.Plan;

/// <summary>
/// Decoding and clipping: the target rate (null = each file's own) and how tracks become items.
/// <see cref="ItemSeconds"/> is the length of every item when it is fixed (the clip, or the tracks of a generated
/// dataset): 2-D feature sets cut or pad each item to it, so all share one shape.
/// </summary>
public sealed record AudioPlan(int? SampleRate, double ClipSeconds, double HopSeconds, Remainder Remainder, double MinRemainder, double? ItemSeconds)
{
    public bool Clipped => ClipSeconds > 0;

    /// <summary>The fixed item length in samples at <paramref name="sampleRate"/>, when there is one.</summary>
    public int? ItemSamples(int sampleRate) => ItemSeconds is { } s ? (int)Math.Round(s * sampleRate) : null;

    /// <summary>The windowing at <paramref name="sampleRate"/> Hz (the target rate, or a file's own with <c>native</c>).</summary>
    public ClipWindowing WindowingAt(int sampleRate) => Clipped
        ? new ClipWindowing((int)Math.Round(ClipSeconds * sampleRate), (int)Math.Round(HopSeconds * sampleRate), Remainder, MinRemainder)
        : ClipWindowing.WholeTrack;
}
