using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// YAML set <c>mfcc</c>: the mean and the population variance over frames of each MFCC
/// (librosa.feature.mfcc with the given n_mfcc, n_mels, n_fft, hop_length), as seed 001's
/// "MFCC only" vector. Columns: mfcc1_mean, mfcc1_var, mfcc2_mean, ... (Kaggle GTZAN naming).
/// </summary>
public sealed class MfccStatsFeatureSet : IFeatureSet
{
    public sealed record Options
    {
        [Option("number of MFCCs", Min = 1, Max = 128)] public int NMfcc { get; init; } = 20;
        [Option("mel bands", Min = 1, Max = 512)] public int NMels { get; init; } = 128;
        [Option("FFT size (samples)", Min = 16, Max = 65536)] public int NFft { get; init; } = 2048;
        [Option("hop between frames (samples)", Min = 1, Max = 65536)] public int HopLength { get; init; } = 512;
    }

    public sealed class Kind : FeatureSetKind<Options>
    {
        public override string Name => "mfcc";
        public override string Description => "MFCC means and variances over frames (seed 001's MFCC-only vector)";
        public override bool IsMatrix => false;
        protected override IFeatureSet Create(Options o, int sampleRate, int clipSamples) => new MfccStatsFeatureSet(sampleRate, o);
    }

    private readonly MelOptions _mel;

    public MfccStatsFeatureSet(int sampleRate, Options options)
    {
        var (nMfcc, nMels, nFft, hopLength) = (options.NMfcc, options.NMels, options.NFft, options.HopLength);
        if (nMfcc > nMels) throw new ArgumentException($"n_mfcc ({nMfcc}) must not exceed n_mels ({nMels})");
        if (hopLength > nFft) throw new ArgumentException($"hop_length ({hopLength}) must not exceed n_fft ({nFft})");
        SampleRate = sampleRate;
        NMfcc = nMfcc;
        _mel = new MelOptions(NFft: nFft, HopLength: hopLength, NMels: nMels);
        FeatureNames = Enumerable.Range(1, nMfcc).SelectMany(i => new[] { $"mfcc{i}_mean", $"mfcc{i}_var" }).ToArray();
        Parameters = FeatureSetHelpers.Describe(Name, sampleRate, null, options, ("window", "hann"), ("center", "true"), ("mel_scale", "slaney"),
            ("power_to_db", "ref=1,amin=1e-10,top_db=80"), ("dct", "II-ortho"));
    }

    public string Name => "mfcc";
    public int SampleRate { get; }
    public int NMfcc { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public IReadOnlyList<int> Shape => [FeatureNames.Count];
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public float[] Extract(AudioSignal signal)
    {
        var mfcc = Mfcc.Compute(signal.Samples, signal.SampleRate, NMfcc, _mel);
        var (mean, variance) = FrameStatistics.Rows(mfcc);
        var vector = new float[2 * NMfcc];
        for (int i = 0; i < NMfcc; i++)
        {
            vector[2 * i] = (float)mean[i];
            vector[2 * i + 1] = (float)variance[i];
        }
        return vector;
    }
}
