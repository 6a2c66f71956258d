using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// YAML set <c>mfcc-matrix</c>: librosa.feature.mfcc as a 2-D input, n_mfcc x frames (13 for seed 003, 20 for seed
/// 001). Every signal is cut to its first clipSamples samples or zero-padded at the end, so frames = 1 + clipSamples / hop.
/// </summary>
public sealed class MfccMatrixFeatureSet : IFeatureSet
{
    public sealed class Kind : FeatureSetKind<MfccStatsFeatureSet.Options>
    {
        public override string Name => "mfcc-matrix";
        public override string Description => "MFCC matrix, n_mfcc x frames (seed 003: 13)";
        public override bool IsMatrix => true;
        protected override IFeatureSet Create(MfccStatsFeatureSet.Options o, int sampleRate, int clipSamples) => new MfccMatrixFeatureSet(sampleRate, clipSamples, o);
    }

    private readonly MelOptions _mel;

    public MfccMatrixFeatureSet(int sampleRate, int clipSamples, MfccStatsFeatureSet.Options options)
    {
        var (nMfcc, nMels, nFft, hopLength) = (options.NMfcc, options.NMels, options.NFft, options.HopLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipSamples);
        if (nMfcc < 1 || nMfcc > nMels) throw new ArgumentOutOfRangeException(nameof(nMfcc), nMfcc, $"n_mfcc must be between 1 and n_mels ({nMels}).");
        _mel = new MelOptions(nFft, hopLength, nMels);
        _mel.StftOptions.Validate();
        SampleRate = sampleRate;
        ClipSamples = clipSamples;
        NMfcc = nMfcc;
        Shape = [nMfcc, FeatureSetHelpers.Frames(clipSamples, nFft, hopLength, center: true)];
        Parameters = FeatureSetHelpers.Describe(Name, sampleRate, clipSamples, options, [.. FeatureSetHelpers.MatrixChoices, ("center", "true"), ("mel_scale", "slaney"),
            ("power_to_db", "ref=1,amin=1e-10,top_db=80"), ("dct", "II-ortho"), ("layout", "coefficients x frames, row-major")]);
    }

    public string Name => "mfcc-matrix";
    public int SampleRate { get; }
    public int ClipSamples { get; }
    public int NMfcc { get; }
    public IReadOnlyList<string> FeatureNames => [];
    public IReadOnlyList<int> Shape { get; }
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public float[] Extract(AudioSignal signal)
    {
        FeatureSetHelpers.CheckRate(Name, SampleRate, signal);
        ReadOnlySpan<float> y = FeatureSetHelpers.FitToClip(signal.Samples, ClipSamples);
        return Mfcc.Compute(y, SampleRate, NMfcc, _mel).Data;
    }
}
