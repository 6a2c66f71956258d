using System.Globalization;
using System.Text.Json;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Options;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Features.Dsp;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Experiments.Export;

/// <summary>
/// Puts a model's front end inside its ONNX graph: the result takes <c>audio float[N, samples]</c> (mono PCM at the
/// model's sample rate, one clip per row) and computes the features in the graph, exactly as training did, before
/// the model's own standardisation and layers. For the <c>mfcc</c> set (MFCC means and variances): zero padding of
/// n_fft/2 at both ends (librosa's centring), STFT with a periodic Hann window, power, the Slaney mel filterbank and
/// the orthonormal DCT-II as constant matrices, power_to_db with amin 1e-10, ref 1 and top_db 80 below the clip's
/// maximum, then the mean and population variance of each coefficient over frames. <c>mfcc-matrix</c>, <c>logmel</c>
/// (ref 1 or max, top_db or none, seed 001's [0, 1] scaling) and <c>stft</c> (centred or not, power or magnitude)
/// share these nodes and end in the [rows, frames] layout the 2-D models take. Opset 17 (STFT), IR 8.
/// </summary>
public static class AudioInExport
{
    public const string AudioInput = "audio";
    public const string AudioInputKey = "mlnetgenre.audio_input";

    /// <summary>The mean of the batch's probabilities [1, C]: the track's result when the batch holds one track's clips.</summary>
    public const string TrackProbabilitiesOutput = "track_probabilities";

    /// <summary>The genre of <see cref="TrackProbabilitiesOutput"/>, string[1].</summary>
    public const string TrackLabelOutput = "track_label";
    private const string Prefix = "audio_in_";

    /// <summary>Why a model cannot take audio in its graph, or null when it can.</summary>
    public static string? WhyNot(FrontEnd frontEnd) => frontEnd switch
    {
        { FeatureSet: FrontEnd.CsvFeatureSet } => "its features came from a CSV table, so there is no front end to put in the graph",
        { SampleRate: 0 } => "it was trained at each file's own sample rate (sample_rate: native); audio-in needs one fixed rate",
        _ => Problem(frontEnd.FeatureSet, null),
    };

    /// <summary>Why a feature set (with its bound options, when known) cannot be computed in a graph, or null when it can.</summary>
    public static string? Problem(string featureSet, object? options) => (featureSet, options) switch
    {
        ("seed001" or "kaggle-gtzan", _) => $"the '{featureSet}' set estimates tuning for its chroma and tracks tempo, which no ONNX operator expresses faithfully; use mfcc, logmel, mfcc-matrix or stft instead",
        (_, StftFeatureSet.Options { Power: not (1.0 or 2.0) } o) => $"the stft set's power {o.Power} is not 1 (magnitude) or 2 (power)",
        ("mfcc" or "mfcc-matrix" or "logmel" or "stft", _) => null,
        _ => $"audio-in export of the '{featureSet}' set is not implemented (supported: mfcc, mfcc-matrix, logmel, stft)",
    };

    /// <summary>The audio-in version of the feature-input model in <paramref name="modelPath"/>.</summary>
    public static ModelProto Build(string modelPath)
    {
        var model = OnnxModelFile.Load(modelPath);
        var properties = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        if (!properties.TryGetValue(OnnxModelMetadata.FrontEndKey, out string? json))
            throw new InvalidDataException($"{modelPath} has no {OnnxModelMetadata.FrontEndKey} metadata; it was not exported by mlnetgenre");
        var frontEnd = FrontEnd.FromMetadata(JsonSerializer.Deserialize<Dictionary<string, string>>(json)!, modelPath);
        if (WhyNot(frontEnd) is { } reason) throw new InvalidDataException($"{modelPath}: cannot take audio in its graph: {reason}");
        if (model.Graph.Input.Count != 1) throw new InvalidDataException($"{modelPath} has {model.Graph.Input.Count} inputs; an mlnetgenre model has one");

        // The feature set's own typed options, bound from the metadata as prediction binds them (defaults written once).
        var kind = FeatureSetKinds.Registry.TryGet(frontEnd.FeatureSet, out var found) ? found
            : throw new InvalidDataException($"{modelPath}: feature set '{frontEnd.FeatureSet}' is unknown to this version of MlNetGenre");
        object options = OptionBinder.BindText(kind.DefaultOptions, frontEnd.FeatureOptions, $"feature set '{kind.Name}'", modelPath);
        if (Problem(frontEnd.FeatureSet, options) is { } problem) throw new InvalidDataException($"{modelPath}: cannot take audio in its graph: {problem}");

        var builder = new OnnxGraphBuilder("audio_front_end");
        int clip = frontEnd.Windowing.ClipSamples;
        var audio = new AudioShape(frontEnd.SampleRate, clip);
        builder.AddInput(AudioInput, DataType.Float, null, clip > 0 ? clip : null);
        string features = (frontEnd.FeatureSet, options) switch
        {
            ("mfcc", MfccStatsFeatureSet.Options o) => MfccStatistics(builder, audio, o),
            ("mfcc-matrix", MfccStatsFeatureSet.Options o) => RowsByFrames(builder, Mfcc(builder, o, LogMel(builder, audio, o.NFft, o.HopLength, o.NMels, refMax: false, topDb: 80)), "mfcc_matrix"),
            (_, LogMelFeatureSet.Options o) => RowsByFrames(builder, ScaledLogMel(builder, audio, o), "log_mel_matrix"),
            (_, StftFeatureSet.Options o) => RowsByFrames(builder, Power(builder, audio, o.NFft, o.HopLength, o.Center, magnitude: o.Power == 1.0), "spectrogram_matrix"),
            _ => throw new InvalidDataException($"{modelPath}: feature set '{frontEnd.FeatureSet}' has options of an unexpected kind"),
        };
        var front = builder.Build(new OnnxModelMetadata([], [], "", new Dictionary<string, string>())).Graph;

        string featureInput = model.Graph.Input[0].Name;
        foreach (var node in front.Node) node.Name = Prefix + node.Name;
        foreach (var node in model.Graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == featureInput) node.Input[i] = features;
        var composed = model.Graph.Clone();
        composed.Input.Clear();
        composed.Input.Add(front.Input[0]);
        composed.Node.Clear();
        composed.Node.AddRange(front.Node);
        composed.Node.AddRange(model.Graph.Node);
        composed.Initializer.Clear();
        composed.Initializer.AddRange(front.Initializer);
        composed.Initializer.AddRange(model.Graph.Initializer);
        var track = TrackOutputs(OnnxModelMetadata.FromProperties(properties, modelPath).Labels);
        composed.Node.AddRange(track.Node);
        composed.Initializer.AddRange(track.Initializer);
        composed.Output.AddRange(track.Output);
        model.Graph = composed;
        if (model.OpsetImport.FirstOrDefault(o => o.Domain == "") is { } opset && opset.Version < OnnxGraphBuilder.DefaultOpset) opset.Version = OnnxGraphBuilder.DefaultOpset;
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = AudioInputKey,
            Value = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["input"] = AudioInput,
                ["sample_rate"] = frontEnd.SampleRate.ToString(CultureInfo.InvariantCulture),
                ["clip_samples"] = clip.ToString(CultureInfo.InvariantCulture),
            }),
        });
        return model;
    }

    /// <summary>
    /// After the model: the mean of the batch's probabilities and its genre, so that a caller who feeds one track's
    /// clips as the batch gets the track's result (what <c>mlnetgenre predict</c> prints) with no code of its own.
    /// </summary>
    private static GraphProto TrackOutputs(IReadOnlyList<string> labels)
    {
        var g = new OnnxGraphBuilder("track");
        string mean = g.AddNode("ReduceMean", [Onnx.OnnxScorer.ProbabilitiesOutput], Prefix + "track_mean",
            OnnxAttribute.Ints("axes", [0]), OnnxAttribute.Int("keepdims", 1)); // [1, C]
        string index = g.AddNode("ArgMax", [mean], Prefix + "track_index", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
        string label = g.AddNode("Gather", [g.AddInitializer(Prefix + "track_labels", labels.ToArray(), labels.Count), index], Prefix + "track_label_name",
            OnnxAttribute.Int("axis", 0));
        g.ExposeAs(mean, TrackProbabilitiesOutput);
        g.ExposeAs(label, TrackLabelOutput);
        g.AddOutput(TrackProbabilitiesOutput, DataType.Float, 1, labels.Count);
        g.AddOutput(TrackLabelOutput, DataType.String, 1);
        var graph = g.Build(new OnnxModelMetadata([], [], "", new Dictionary<string, string>())).Graph;
        foreach (var node in graph.Node) node.Name = Prefix + "track_" + node.Name;
        return graph;
    }

    /// <summary>The mfcc set: [N, 2 n_mfcc] (mfcc1_mean, mfcc1_var, ...), population variance over frames.</summary>
    private static string MfccStatistics(OnnxGraphBuilder g, AudioShape audio, MfccStatsFeatureSet.Options o)
    {
        string mfcc = Mfcc(g, o, LogMel(g, audio, o.NFft, o.HopLength, o.NMels, refMax: false, topDb: 80)); // [N, T, K]
        var frameAxis = OnnxAttribute.Ints("axes", [1]); // opset 17: ReduceMean and ReduceMax take axes as an attribute
        string mean = g.AddNode("ReduceMean", [mfcc], Prefix + "mean", frameAxis, OnnxAttribute.Int("keepdims", 1)); // [N, 1, K]
        string centred = g.AddNode("Sub", [mfcc, mean], Prefix + "deviation");
        string variance = g.AddNode("ReduceMean", [g.AddNode("Mul", [centred, centred], Prefix + "squared_deviation")], Prefix + "variance",
            frameAxis, OnnxAttribute.Int("keepdims", 1));
        string pairs = g.AddNode("Transpose", [g.AddNode("Concat", [mean, variance], Prefix + "statistics", OnnxAttribute.Int("axis", 1))], Prefix + "pairs",
            OnnxAttribute.Ints("perm", [0, 2, 1])); // [N, K, 2]
        return g.AddNode("Reshape", [pairs, g.AddInitializer(Prefix + "vector_shape", [0L, -1L], 2)], Prefix + "features");
    }

    /// <summary>|STFT|^2 (or |STFT|) with a periodic Hann window, [N, T, bins]; centred frames pad n_fft/2 zeros at both ends.</summary>
    private static string Power(OnnxGraphBuilder g, AudioShape audio, int nFft, int hop, bool center, bool magnitude)
    {
        string input = AudioInput;
        if (center)
            input = g.AddNode("Pad", [input, g.AddInitializer(Prefix + "pads", [0L, nFft / 2, 0L, nFft / 2], 4)], Prefix + "centred", OnnxAttribute.String("mode", "constant"));
        string signal = g.AddNode("Unsqueeze", [input, g.AddInitializer(Prefix + "channel_axis", [2L], 1)], Prefix + "signal"); // [N, L, 1]
        float[] window = MlNetGenre.Features.Dsp.Windows.PeriodicHann(nFft).ToArray().Select(w => (float)w).ToArray();
        string spectrum = g.AddNode("STFT", [signal, g.AddInitializer(Prefix + "hop", [(long)hop]), g.AddInitializer(Prefix + "window", window, nFft),
            g.AddInitializer(Prefix + "frame_length", [(long)nFft])], Prefix + "stft", OnnxAttribute.Int("onesided", 1)); // [N, T, bins, 2]
        if (audio.Samples > 0)
        {
            // A no-op at run time (ONNX Runtime gives exactly these frames), it states the frame count for the checker:
            // onnx 1.12's STFT shape inference ignores the frame length (129 frames for 66,150 samples, n_fft 1024,
            // hop 512, where there are 128) and then rejects networks whose branches agree on the true count.
            long frames = 1 + (audio.Samples + (center ? 2 * (nFft / 2) : 0) - nFft) / hop;
            spectrum = g.AddNode("Slice", [spectrum, g.AddInitializer(Prefix + "first_frame", [0L], 1), g.AddInitializer(Prefix + "frame_count", [frames], 1),
                g.AddInitializer(Prefix + "frame_axis", [1L], 1)], Prefix + "stft_frames");
        }
        string power = g.AddNode("ReduceSum", [g.AddNode("Mul", [spectrum, spectrum], Prefix + "squares"), g.AddInitializer(Prefix + "complex_axis", [3L], 1)],
            Prefix + "power", OnnxAttribute.Int("keepdims", 0)); // [N, T, bins]
        return magnitude ? g.AddNode("Sqrt", [power], Prefix + "magnitude") : power;
    }

    /// <summary>power_to_db(melspectrogram) with amin 1e-10, ref 1 or the clip's maximum power, top_db below the clip's maximum dB: [N, T, mels].</summary>
    private static string LogMel(OnnxGraphBuilder g, AudioShape audio, int nFft, int hop, int nMels, bool refMax, double? topDb)
    {
        int bins = nFft / 2 + 1;
        string power = Power(g, audio, nFft, hop, center: true, magnitude: false);
        var filterbank = MelFilterbank.Create(audio.Rate, nFft, nMels).ToMatrix(); // [mels, bins]
        string mel = g.AddNode("MatMul", [power, g.AddInitializer(Prefix + "mel_weights", Transpose(filterbank.Data, nMels, bins), bins, nMels)], Prefix + "mel");
        string amin = g.AddInitializer(Prefix + "amin", [1e-10f]), perNeper = g.AddInitializer(Prefix + "db_per_neper", [(float)(10 / Math.Log(10))]);
        string Db(string value, string name) => g.AddNode("Mul", [g.AddNode("Log", [g.AddNode("Max", [value, amin], name + "_clamped")], name + "_ln"), perNeper], name);
        var clipAxes = OnnxAttribute.Ints("axes", [1, 2]);
        string db = Db(mel, Prefix + "db");
        if (refMax)
            db = g.AddNode("Sub", [db, Db(g.AddNode("ReduceMax", [mel], Prefix + "peak_power", clipAxes, OnnxAttribute.Int("keepdims", 1)), Prefix + "ref_db")], Prefix + "db_ref");
        if (topDb is not { } top) return db;
        string peak = g.AddNode("ReduceMax", [db], Prefix + "peak", clipAxes, OnnxAttribute.Int("keepdims", 1));
        string floor = g.AddNode("Sub", [peak, g.AddInitializer(Prefix + "top_db", [(float)top])], Prefix + "floor");
        return g.AddNode("Max", [db, floor], Prefix + "log_mel");
    }

    /// <summary>The logmel set before its layout: dB mel with its ref and top_db, and seed 001's [0, 1] scaling when asked.</summary>
    private static string ScaledLogMel(OnnxGraphBuilder g, AudioShape audio, LogMelFeatureSet.Options o)
    {
        string db = LogMel(g, audio, o.NFft, o.HopLength, o.NMels, o.Ref == LogMelFeatureSet.Reference.Max, o.TopDb);
        if (!o.Scale01) return db;
        var clipAxes = OnnxAttribute.Ints("axes", [1, 2]);
        string peak = g.AddNode("ReduceMax", [db], Prefix + "scale_peak", clipAxes, OnnxAttribute.Int("keepdims", 1));
        string floor, range;
        if (o.TopDb is { } top)
        {
            range = g.AddInitializer(Prefix + "scale_range", [(float)top]);
            floor = g.AddNode("Sub", [peak, range], Prefix + "scale_floor");
        }
        else
        {
            floor = g.AddNode("ReduceMin", [db], Prefix + "scale_floor", clipAxes, OnnxAttribute.Int("keepdims", 1));
            range = g.AddNode("Max", [g.AddNode("Sub", [peak, floor], Prefix + "spread"), g.AddInitializer(Prefix + "tiny", [1e-30f])], Prefix + "scale_range");
        }
        string scaled = g.AddNode("Div", [g.AddNode("Sub", [db, floor], Prefix + "above_floor"), range], Prefix + "scaled");
        return g.AddNode("Clip", [scaled, g.AddInitializer(Prefix + "zero", [0f]), g.AddInitializer(Prefix + "one", [1f])], Prefix + "unit");
    }

    /// <summary>The orthonormal DCT-II of each frame's dB mel values, first n_mfcc: [N, T, n_mfcc].</summary>
    private static string Mfcc(OnnxGraphBuilder g, MfccStatsFeatureSet.Options o, string logMel) =>
        g.AddNode("MatMul", [logMel, g.AddInitializer(Prefix + "dct",
            Transpose(Features.Dsp.Mfcc.DctMatrixSingle(o.NMels, o.NMfcc).ToArray(), o.NMfcc, o.NMels), o.NMels, o.NMfcc)], Prefix + "mfcc");

    /// <summary>[N, T, rows] -> the 2-D sets' layout [N, rows, frames].</summary>
    private static string RowsByFrames(OnnxGraphBuilder g, string value, string name) =>
        g.AddNode("Transpose", [value], Prefix + name, OnnxAttribute.Ints("perm", [0, 2, 1]));

    /// <summary>The audio input: its sample rate, and its samples per row (0 = any length, for whole-track models).</summary>
    private sealed record AudioShape(int Rate, int Samples);

    private static float[] Transpose(float[] rowMajor, int rows, int columns)
    {
        var result = new float[rowMajor.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) result[c * rows + r] = rowMajor[r * columns + c];
        return result;
    }
}
