using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// YAML set <c>kaggle-gtzan</c>: the 57 feature columns of the public Kaggle GTZAN table features_30_sec.csv (all but
/// filename, length and label), same names and order: chroma_stft mean and variance pooled over all 12 bins and frames;
/// rms, spectral centroid, spectral bandwidth, roll-off and zero-crossing-rate mean and variance over frames;
/// harmony and perceptr = mean and variance over samples of librosa.effects.hpss's harmonic and percussive signals
/// (median-filtering HPSS, kernel 31, power 2, margin 1); tempo; mfcc1..20 mean and variance. librosa defaults
/// otherwise (n_fft 2048, hop 512, 128 mels, estimated tuning); one STFT is shared by every feature, HPSS included.
/// </summary>
public sealed class KaggleGtzanFeatureSet : TrackSummaryFeatureSet
{
    public sealed class Kind : FeatureSetKind<TrackSummaryOptions>
    {
        public override string Name => "kaggle-gtzan";
        public override string Description => "the 57 columns of Kaggle GTZAN features_30_sec.csv";
        public override bool IsMatrix => false;
        public override string? AudioInRefusal => "it needs harmonic-percussive separation (median filtering), estimated tuning and tempo, which no fixed ONNX graph computes faithfully";
        protected override IFeatureSet Create(TrackSummaryOptions o, int sampleRate, int clipSamples) => new KaggleGtzanFeatureSet(sampleRate, o);
    }

    private static readonly string[] Columns = BuildColumns();

    public KaggleGtzanFeatureSet(int sampleRate, TrackSummaryOptions options)
        : base("kaggle-gtzan", sampleRate, options, new TrackAnalysisOptions(options.NFft, options.HopLength, options.NMels, NMfcc, Hpss: true), Columns,
            ("chroma", "chroma_stft,tuning=estimated,norm=inf,pooled over bins"), ("hpss", "median,kernel=31,power=2,margin=1,soft-mask,istft"),
            ("statistics", "mean,population-variance"))
    {
    }

    /// <summary>The 57 column names, in order.</summary>
    public static IReadOnlyList<string> ColumnNames => Columns;

    protected override float[] Summarise(TrackFeatures f)
    {
        var v = new float[Columns.Length];
        FeatureSetHelpers.MeanVariance(f.Chroma.Data, v, 0);
        int i = 2;
        foreach (float[] series in new[] { f.Rms, f.SpectralCentroid, f.SpectralBandwidth, f.SpectralRolloff, f.ZeroCrossingRate, f.Harmonic!, f.Percussive! })
        {
            FeatureSetHelpers.MeanVariance(series, v, i);
            i += 2;
        }
        v[i++] = (float)f.Tempo;
        for (int k = 0; k < NMfcc; k++, i += 2) FeatureSetHelpers.MeanVariance(f.Mfcc.Row(k), v, i);
        return v;
    }

    private static string[] BuildColumns()
    {
        var names = new List<string>();
        foreach (string s in new[] { "chroma_stft", "rms", "spectral_centroid", "spectral_bandwidth", "rolloff", "zero_crossing_rate", "harmony", "perceptr" })
        {
            names.Add(s + "_mean");
            names.Add(s + "_var");
        }
        names.Add("tempo");
        for (int k = 1; k <= NMfcc; k++)
        {
            names.Add($"mfcc{k}_mean");
            names.Add($"mfcc{k}_var");
        }
        return names.ToArray();
    }
}
