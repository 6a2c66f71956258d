namespace MlNetGenre.Core.Data;

/// <summary>What to do with the end of a track that does not fill a whole clip (<c>audio.remainder</c>).</summary>
public enum Remainder
{
    /// <summary>Leave it out.</summary>
    Drop,

    /// <summary>Zero-pad it to a whole clip, when it holds at least <see cref="ClipWindowing.MinRemainder"/> of a clip or the track gives no whole clip.</summary>
    Pad,
}

/// <summary>
/// How a signal becomes items: the whole signal (<see cref="ClipSamples"/> 0), or clips of
/// <see cref="ClipSamples"/> every <see cref="HopSamples"/>. The one windowing rule of training and prediction,
/// so a model sees at prediction time exactly the windows it was trained on.
/// </summary>
public sealed record ClipWindowing(int ClipSamples, int HopSamples, Remainder Remainder, double MinRemainder)
{
    public static readonly ClipWindowing WholeTrack = new(0, 0, Remainder.Drop, 0.5);

    public bool Clipped => ClipSamples > 0;

    /// <summary>The windows of a signal of <paramref name="length"/> samples: start and the samples available there (a padded window has fewer than a clip).</summary>
    public IReadOnlyList<(int Start, int Available)> Windows(int length)
    {
        if (!Clipped) return length > 0 ? [(0, length)] : [];
        var windows = new List<(int, int)>();
        int start = 0;
        for (; start + ClipSamples <= length; start += HopSamples) windows.Add((start, ClipSamples));
        int left = length - start;
        if (Remainder == Remainder.Pad && left > 0 && (windows.Count == 0 || left >= MinRemainder * ClipSamples))
            windows.Add((start, left));
        return windows;
    }

    /// <summary>
    /// The clip of <paramref name="window"/>, sharing <paramref name="samples"/> itself when the clip is exactly the
    /// whole signal (a whole 30 s track: no 2.6 MB copy per track); callers must not change the clip.
    /// </summary>
    public float[] CutOrShare(float[] samples, (int Start, int Available) window) =>
        window.Start == 0 && window.Available == samples.Length && (Clipped ? ClipSamples : window.Available) == samples.Length
            ? samples
            : Cut(samples, window);

    /// <summary>The samples of one window, zero-padded to a whole clip when the signal ends inside it.</summary>
    public float[] Cut(ReadOnlySpan<float> samples, (int Start, int Available) window)
    {
        var clip = new float[Clipped ? ClipSamples : window.Available];
        samples.Slice(window.Start, window.Available).CopyTo(clip);
        return clip;
    }
}
