using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// Base of the handcrafted track vectors (seed001, kaggle-gtzan): one <see cref="TrackAnalyzer"/> pass over the
/// audio, then a set-specific summary of the frame-level features into named columns. Holds what the sets share:
/// the analysis options, the front-end parameters every exported model carries, and the extraction entry points.
/// </summary>
public abstract class TrackSummaryFeatureSet : IFeatureSet
{
    protected const int NMfcc = 20;

    private readonly TrackAnalysisOptions _options;

    protected TrackSummaryFeatureSet(string kind, int sampleRate, TrackSummaryOptions summary, TrackAnalysisOptions options, IReadOnlyList<string> columns,
        params (string Key, string Value)[] specificChoices)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        options.Validate();
        Name = kind;
        SampleRate = sampleRate;
        _options = options;
        FeatureNames = columns;
        Parameters = FeatureSetHelpers.Describe(kind, sampleRate, null, summary,
        [
            ("n_mfcc", FeatureSetHelpers.Invariant(NMfcc)), ("window", "hann"), ("center", "true"), ("pad_mode", "constant"), ("mel_scale", "slaney"),
            ("power_to_db", "ref=1,amin=1e-10,top_db=80"), ("tempo", "start_bpm=120,std_bpm=1,ac_size=8,max_tempo=320,aggregate=mean"), .. specificChoices,
        ]);
    }

    public string Name { get; }
    public int SampleRate { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public IReadOnlyList<int> Shape => [FeatureNames.Count];
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public float[] Extract(AudioSignal signal) => Extract(signal, null);

    /// <summary><see cref="Extract(AudioSignal)"/>, accumulating seconds per stage into <paramref name="timings"/>.</summary>
    public float[] Extract(AudioSignal signal, StageTimings? timings)
    {
        FeatureSetHelpers.CheckRate(Name, SampleRate, signal);
        return Summarise(TrackAnalyzer.Analyze(signal.Samples, signal.SampleRate, _options, timings));
    }

    /// <summary>The set's columns from the frame-level features of one track.</summary>
    protected abstract float[] Summarise(TrackFeatures features);
}
