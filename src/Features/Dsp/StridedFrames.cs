namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Spectra laid out frame after frame, <c>stride</c> values apart, each of <c>bins</c> values; a stride above bins pads
/// rows (to keep them aligned), and the last frame needs only its bins.
/// </summary>
internal static class StridedFrames
{
    /// <summary>How many frames <paramref name="length"/> values hold; a clear error when they are not whole frames.</summary>
    public static int Count(int length, int bins, int stride)
    {
        if (stride < bins) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be at least {bins}.");
        int count = length < bins ? 0 : (length - bins) / stride + 1;
        if (length != (count - 1) * stride + bins && !(count == 0 && length == 0))
            throw new ArgumentException($"The spectra are not whole frames of {bins} bins, {stride} apart ({length} values).");
        return count;
    }
}
