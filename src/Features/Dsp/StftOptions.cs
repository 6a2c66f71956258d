namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Parameters of librosa.stft with its 0.11 defaults: n_fft 2048, hop_length 512, a periodic Hann window
/// of length n_fft, and centred frames (the signal padded with n_fft/2 zeros at both ends, pad_mode 'constant').
/// </summary>
public sealed record StftOptions(int NFft = 2048, int HopLength = 512, bool Center = true)
{
    public static StftOptions Default { get; } = new();

    /// <summary>Number of frequency bins, 1 + n_fft/2.</summary>
    public int Bins => NFft / 2 + 1;

    /// <summary>Throws a clear error for a non-positive n_fft or hop_length.</summary>
    public void Validate()
    {
        if (NFft < 1) throw new ArgumentOutOfRangeException(nameof(NFft), NFft, "n_fft must be at least 1.");
        if (HopLength < 1) throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "hop_length must be at least 1.");
    }
}
