using MlNetGenre.Core.Options;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.FeatureSets;

/// <summary>
/// YAML set <c>logmel</c>: the dB mel spectrogram (n_mels x frames): librosa.power_to_db of the Slaney mel power
/// spectrogram with ref 1 (or the spectrogram's maximum with <c>ref: max</c>), amin 1e-10 and top_db (80; null for
/// none). With <c>scale01</c> (seed 001) the values are mapped to [0, 1]: (dB - (max - top_db)) / top_db, i.e. seed
/// 001's "-80..0 dB rescaled to 0..1"; without top_db, (dB - min) / (max - min) (all zeros for a constant input).
/// Every signal is cut to its first clipSamples samples or zero-padded at the end, so frames = 1 + clipSamples / hop.
/// </summary>
public sealed class LogMelFeatureSet : IFeatureSet
{
    /// <summary>The reference of power_to_db: 1 (absolute dB) or the clip's maximum.</summary>
    public enum Reference
    {
        [YamlName("1")] One,
        Max,
    }

    public sealed record Options
    {
        [Option("mel bands", Min = 1, Max = 512)] public int NMels { get; init; } = 128;
        [Option("FFT size (samples)", Min = 16, Max = 65536)] public int NFft { get; init; } = 2048;
        [Option("hop between frames (samples)", Min = 1, Max = 65536)] public int HopLength { get; init; } = 512;
        [Option("dynamic range below the maximum kept by power_to_db (none = unlimited)", Min = 1e-3, Max = 1000)] public double? TopDb { get; init; } = 80.0;
        [Option("power_to_db reference: 1 or max", Name = "ref")] public Reference Ref { get; init; } = Reference.One;
        [Option("map dB to [0, 1] (seed 001)")] public bool Scale01 { get; init; }
    }

    public sealed class Kind : FeatureSetKind<Options>
    {
        public override string Name => "logmel";
        public override string Description => "dB mel spectrogram, mels x frames (seed 001: scale01)";
        public override bool IsMatrix => true;
        protected override IFeatureSet Create(Options o, int sampleRate, int clipSamples) => new LogMelFeatureSet(sampleRate, clipSamples, o);
    }

    private readonly MelOptions _mel;

    public LogMelFeatureSet(int sampleRate, int clipSamples, Options options)
    {
        var (nMels, nFft, hopLength, topDb, scale01, refMax) = (options.NMels, options.NFft, options.HopLength, options.TopDb, options.Scale01, options.Ref == Reference.Max);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipSamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nMels);
        if (topDb is { } t && !(t > 0)) throw new ArgumentOutOfRangeException(nameof(topDb), t, "top_db must be positive (or null for none).");
        _mel = new MelOptions(nFft, hopLength, nMels);
        _mel.StftOptions.Validate();
        SampleRate = sampleRate;
        ClipSamples = clipSamples;
        TopDb = topDb;
        Scale01 = scale01;
        RefMax = refMax;
        Shape = [nMels, FeatureSetHelpers.Frames(clipSamples, nFft, hopLength, center: true)];
        Parameters = FeatureSetHelpers.Describe(Name, sampleRate, clipSamples, options, [.. FeatureSetHelpers.MatrixChoices, ("amin", "1e-10"), ("center", "true"),
            ("mel_scale", "slaney"), ("power", "2"), ("layout", "mels x frames, row-major")]);
    }

    public string Name => "logmel";
    public int SampleRate { get; }
    public int ClipSamples { get; }
    public double? TopDb { get; }
    public bool Scale01 { get; }
    public bool RefMax { get; }
    public IReadOnlyList<string> FeatureNames => [];
    public IReadOnlyList<int> Shape { get; }
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public float[] Extract(AudioSignal signal)
    {
        FeatureSetHelpers.CheckRate(Name, SampleRate, signal);
        ReadOnlySpan<float> y = FeatureSetHelpers.FitToClip(signal.Samples, ClipSamples);
        float[] data = MelSpectrogram.Compute(y, SampleRate, _mel).Data;
        double reference = 1.0;
        if (RefMax)
        {
            float max = 0;
            foreach (float v in data) max = Math.Max(max, v);
            reference = max;
        }
        Decibels.PowerToDb(data, data, reference, 1e-10, TopDb);
        if (Scale01) ScaleToUnit(data, TopDb);
        return data;
    }

    private static void ScaleToUnit(Span<float> db, double? topDb)
    {
        float max = float.NegativeInfinity, min = float.PositiveInfinity;
        foreach (float v in db)
        {
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }
        double floor = topDb is { } t ? max - t : min;
        double range = topDb ?? (max - min);
        for (int i = 0; i < db.Length; i++)
            db[i] = range > 0 ? (float)Math.Clamp((db[i] - floor) / range, 0.0, 1.0) : 0f;
    }
}
