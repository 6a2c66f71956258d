using System.Collections.Concurrent;
using System.Text.Json;
using MlNetGenre.Features.Audio;
using MlNetGenre.Testing;

namespace MlNetGenre.Features.Tests;

/// <summary>
/// One clip of shared/data/reference/&lt;name&gt;.librosa.json (librosa 0.11 outputs for the first
/// n_samples of a file, at its native rate) and its audio.
/// </summary>
internal sealed class ReferenceClip
{
    private static readonly ConcurrentDictionary<string, Lazy<ReferenceClip>> Cache = new();

    public required string Name { get; init; }
    public required string AudioPath { get; init; }
    public required int SampleRate { get; init; }
    public required int NSamples { get; init; }
    public required int NFft { get; init; }
    public required int HopLength { get; init; }
    public required int NFrames { get; init; }
    public required double[] SamplesFirst16 { get; init; }
    public required double[] StftMagnitudeFrame10 { get; init; }
    public required double[] MelFilterbankSumPerBand { get; init; }
    public required ReferenceMatrix MelPower { get; init; }
    public required ReferenceMatrix LogMelDb { get; init; }
    public required ReferenceMatrix Mfcc { get; init; }
    public required ReferenceMatrix ChromaTuning0 { get; init; }
    public required ReferenceMatrix Chroma { get; init; }
    public required double Tuning { get; init; }
    public required double[] SpectralCentroid { get; init; }
    public required double[] SpectralBandwidth { get; init; }
    public required double[] SpectralRolloff { get; init; }
    public required double[] ZeroCrossingRate { get; init; }
    public required double[] Rms { get; init; }
    public required double[] OnsetStrength { get; init; }
    public required double Tempo { get; init; }

    /// <summary>The five reference clips, as theory data.</summary>
    public static TheoryData<string> Names => new()
    {
        "synthetic-22050", "blues.00016", "classical.00007", "hiphop.00007", "metal.00022",
    };

    public static ReferenceClip Load(string name) =>
        Cache.GetOrAdd(name, n => new Lazy<ReferenceClip>(() => Parse(n))).Value;

    /// <summary>The first n_samples decoded samples, at the native rate (no resampling, as the reference).</summary>
    public float[] LoadSamples()
    {
        AudioSignal signal = WavReader.Read(AudioPath);
        Assert.Equal(SampleRate, signal.SampleRate);
        Assert.True(signal.Samples.Length >= NSamples, $"{AudioPath} has {signal.Samples.Length} samples, the reference used {NSamples}.");
        return signal.Samples[..NSamples];
    }

    private static ReferenceClip Parse(string name)
    {
        string jsonPath = SharedData.PathOf("reference", name + ".librosa.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        JsonElement root = doc.RootElement;
        string source = root.GetProperty("source").GetString()!;
        // synthetic-22050.wav lies next to the JSON; gtzan16k tracks are <genre>/<genre>.000NN.wav.
        string audioPath = source.StartsWith("synthetic", StringComparison.Ordinal)
            ? SharedData.PathOf("reference", source)
            : SharedData.PathOf("gtzan16k", source[..source.IndexOf('.')], source);
        return new ReferenceClip
        {
            Name = name,
            AudioPath = audioPath,
            SampleRate = root.GetProperty("sample_rate").GetInt32(),
            NSamples = root.GetProperty("n_samples").GetInt32(),
            NFft = root.GetProperty("n_fft").GetInt32(),
            HopLength = root.GetProperty("hop_length").GetInt32(),
            NFrames = root.GetProperty("n_frames").GetInt32(),
            SamplesFirst16 = Vector(root.GetProperty("samples_first_16")),
            StftMagnitudeFrame10 = Vector(root.GetProperty("stft_magnitude_frame10")),
            MelFilterbankSumPerBand = Vector(root.GetProperty("mel_filterbank_sum_per_band")),
            MelPower = Matrix(root.GetProperty("mel_power")),
            LogMelDb = Matrix(root.GetProperty("log_mel_db")),
            Mfcc = Matrix(root.GetProperty("mfcc")),
            ChromaTuning0 = Matrix(root.GetProperty("chroma_tuning0")),
            Chroma = Matrix(root.GetProperty("chroma")),
            Tuning = root.GetProperty("tuning").GetDouble(),
            SpectralCentroid = Vector(root.GetProperty("spectral_centroid")),
            SpectralBandwidth = Vector(root.GetProperty("spectral_bandwidth")),
            SpectralRolloff = Vector(root.GetProperty("spectral_rolloff")),
            ZeroCrossingRate = Vector(root.GetProperty("zero_crossing_rate")),
            Rms = Vector(root.GetProperty("rms")),
            OnsetStrength = Vector(root.GetProperty("onset_strength")),
            Tempo = root.GetProperty("tempo").GetDouble(),
        };
    }

    private static double[] Vector(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static ReferenceMatrix Matrix(JsonElement array)
    {
        double[][] rows = array.EnumerateArray().Select(Vector).ToArray();
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        Assert.All(rows, r => Assert.Equal(columns, r.Length));
        return new ReferenceMatrix(rows.Length, columns, rows.SelectMany(r => r).ToArray());
    }
}

/// <summary>A row-major reference array (rows x columns) in double, as parsed from JSON.</summary>
internal sealed record ReferenceMatrix(int Rows, int Columns, double[] Data);
