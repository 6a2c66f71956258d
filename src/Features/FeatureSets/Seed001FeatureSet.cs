using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// YAML set <c>seed001</c>: seed 001's 75-value track vector, with the column names and order of
/// shared/data/reference/gtzan16k-features.librosa.csv: chroma_stft_0..11 means then variances, rms, spectral
/// centroid, spectral bandwidth, roll-off and zero-crossing-rate mean and variance, tempo, then mfcc1..20 mean and
/// variance. Means and population variances over all frames of librosa's features (defaults: n_fft 2048, hop 512,
/// 128 mels, chroma with estimated tuning). All features come from one shared STFT (<see cref="TrackAnalyzer"/>).
/// </summary>
public sealed class Seed001FeatureSet : TrackSummaryFeatureSet
{
    private const int NChroma = 12;

    public sealed class Kind : FeatureSetKind<TrackSummaryOptions>
    {
        public override string Name => "seed001";
        public override string Description => "seed 001's 75-value vector (chroma, rms, spectral, zcr, tempo, MFCC means and variances)";
        public override bool IsMatrix => false;
        public override string? AudioInRefusal => "it estimates the tuning of each clip for chroma and the tempo from the onset autocorrelation, which no fixed ONNX graph computes faithfully";
        protected override IFeatureSet Create(TrackSummaryOptions o, int sampleRate, int clipSamples) => new Seed001FeatureSet(sampleRate, o);
    }

    private static readonly string[] Columns = BuildColumns();

    public Seed001FeatureSet(int sampleRate, TrackSummaryOptions options)
        : base("seed001", sampleRate, options, new TrackAnalysisOptions(options.NFft, options.HopLength, options.NMels, NMfcc, NChroma), Columns,
            ("n_chroma", FeatureSetHelpers.Invariant(NChroma)), ("chroma", "chroma_stft,tuning=estimated,norm=inf"), ("rolloff", "0.85"),
            ("zcr", "frame=n_fft,hop=hop_length,center=edge"), ("rms", "frame=n_fft,hop=hop_length,center=zeros"), ("statistics", "mean,population-variance over frames"))
    {
    }

    /// <summary>The 75 column names, in order.</summary>
    public static IReadOnlyList<string> ColumnNames => Columns;

    protected override float[] Summarise(TrackFeatures features) => Assemble(features);

    /// <summary>The 75 values from frame-level features (chroma must have 12 rows and MFCC 20).</summary>
    public static float[] Assemble(TrackFeatures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Chroma.Rows != NChroma || f.Mfcc.Rows != NMfcc)
            throw new ArgumentException($"seed001 needs 12 chroma bins and 20 MFCCs, got {f.Chroma.Rows} and {f.Mfcc.Rows}.", nameof(f));
        var v = new float[Columns.Length];
        for (int c = 0; c < NChroma; c++)
        {
            (double mean, double variance) = FrameStatistics.MeanVariance(f.Chroma.Row(c));
            v[c] = (float)mean;
            v[NChroma + c] = (float)variance;
        }
        int i = 2 * NChroma;
        foreach (float[] series in new[] { f.Rms, f.SpectralCentroid, f.SpectralBandwidth, f.SpectralRolloff, f.ZeroCrossingRate })
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
        for (int c = 0; c < NChroma; c++) names.Add($"chroma_stft_{c}_mean");
        for (int c = 0; c < NChroma; c++) names.Add($"chroma_stft_{c}_var");
        foreach (string s in new[] { "rms", "spectral_centroid", "spectral_bandwidth", "rolloff", "zero_crossing_rate" })
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
