namespace MlNetGenre.Features.Dsp;

/// <summary>
/// Parameters of librosa.feature.melspectrogram with librosa 0.11 defaults: n_fft 2048, hop_length 512,
/// 128 Slaney mel bands from fmin 0 to fmax = sr/2 (null), power 2 (power spectrogram), centred frames.
/// </summary>
public sealed record MelOptions(
    int NFft = 2048,
    int HopLength = 512,
    int NMels = 128,
    double FMin = 0.0,
    double? FMax = null,
    double Power = 2.0,
    bool Center = true,
    bool Htk = false)
{
    public static MelOptions Default { get; } = new();

    /// <summary>The STFT part of these options.</summary>
    public StftOptions StftOptions => new(NFft, HopLength, Center);

    /// <summary>The (cached) filterbank these options give at sample rate <paramref name="sr"/>.</summary>
    public MelFilterbank Filterbank(int sr) => MelFilterbank.Create(sr, NFft, NMels, FMin, FMax, Htk);
}
