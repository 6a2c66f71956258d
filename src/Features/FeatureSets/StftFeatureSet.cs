using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// YAML set <c>stft</c>: the linear STFT power spectrogram |STFT|^power ((1 + n_fft/2) x frames, periodic Hann
/// window). Defaults follow seed 000: n_fft 1024, hop 512, frames not centred, power 2, so a 3 s clip at 22050 Hz
/// (66150 samples) gives 513 x 128; <c>center: true</c> gives librosa's centred frames instead (513 x 130).
/// The frame count follows from <c>clipSamples</c>: every signal is cut to its first clipSamples samples, or
/// zero-padded at the end to that length, before the transform.
/// </summary>
public sealed class StftFeatureSet : IFeatureSet
{
    public sealed record Options
    {
        [Option("FFT size (samples)", Min = 16, Max = 65536)] public int NFft { get; init; } = 1024;
        [Option("hop between frames (samples)", Min = 1, Max = 65536)] public int HopLength { get; init; } = 512;
        [Option("centre frames (librosa) instead of starting at sample 0 (seed 000)")] public bool Center { get; init; }
        [Option("1 = magnitude, 2 = power", Min = 1, Max = 2)] public double Power { get; init; } = 2.0;
    }

    public sealed class Kind : FeatureSetKind<Options>
    {
        public override string Name => "stft";
        public override string Description => "linear STFT power, bins x frames (seed 000)";
        public override bool IsMatrix => true;
        protected override IFeatureSet Create(Options o, int sampleRate, int clipSamples) => new StftFeatureSet(sampleRate, clipSamples, o);
    }

    private readonly StftOptions _stft;

    public StftFeatureSet(int sampleRate, int clipSamples, Options options)
    {
        var (nFft, hopLength, center, power) = (options.NFft, options.HopLength, options.Center, options.Power);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipSamples);
        if (power is not (1.0 or 2.0)) throw new ArgumentOutOfRangeException(nameof(power), power, "power must be 1 (magnitude) or 2 (power).");
        _stft = new StftOptions(nFft, hopLength, center);
        _stft.Validate();
        SampleRate = sampleRate;
        ClipSamples = clipSamples;
        Power = power;
        Shape = [_stft.Bins, FeatureSetHelpers.Frames(clipSamples, nFft, hopLength, center)];
        Parameters = FeatureSetHelpers.Describe(Name, sampleRate, clipSamples, options, [.. FeatureSetHelpers.MatrixChoices, ("layout", "bins x frames, row-major")]);
    }

    public string Name => "stft";
    public int SampleRate { get; }
    public int ClipSamples { get; }
    public double Power { get; }
    public IReadOnlyList<string> FeatureNames => [];
    public IReadOnlyList<int> Shape { get; }
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public float[] Extract(AudioSignal signal)
    {
        FeatureSetHelpers.CheckRate(Name, SampleRate, signal);
        ReadOnlySpan<float> y = FeatureSetHelpers.FitToClip(signal.Samples, ClipSamples);
        return (Power == 2.0 ? Stft.Power(y, _stft) : Stft.Magnitude(y, _stft)).Data;
    }
}
