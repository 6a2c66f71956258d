using System.Globalization;
using System.Text.Json;
using MlNetGenre.Core.Data;
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
    private const string Prefix = "audio_in_";

    /// <summary>Why a model cannot take audio in its graph, or null when it can.</summary>
    public static string? WhyNot(FrontEnd frontEnd) => frontEnd switch
    {
        { FeatureSet: FrontEnd.CsvFeatureSet } => "its features came from a CSV table, so there is no front end to put in the graph",
        { SampleRate: 0 } => "it was trained at each file's own sample rate (sample_rate: native); audio-in needs one fixed rate",
        { FeatureSet: "seed001" or "kaggle-gtzan" } => $"the '{frontEnd.FeatureSet}' set estimates tuning for its chroma and tracks tempo, which no ONNX operator expresses faithfully; export a model on mfcc, logmel, mfcc-matrix or stft instead",
        { FeatureSet: "mfcc" or "mfcc-matrix" or "logmel" } => null,
        { FeatureSet: "stft" } when Text(frontEnd, "power", "2") is "1" or "2" => null,
        _ => $"audio-in export of the '{frontEnd.FeatureSet}' set with these options is not implemented (supported: mfcc, mfcc-matrix, logmel, stft with power 1 or 2)",
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

        var builder = new OnnxGraphBuilder("audio_front_end");
        int clip = frontEnd.Windowing.ClipSamples;
        builder.AddInput(AudioInput, DataType.Float, null, clip > 0 ? clip : null);
        string features = frontEnd.FeatureSet switch
        {
            "mfcc" => MfccStatistics(builder, frontEnd),
            "mfcc-matrix" => RowsByFrames(builder, Mfcc(builder, frontEnd, LogMel(builder, frontEnd, refMax: false, topDb: 80)), "mfcc_matrix"),
            "logmel" => RowsByFrames(builder, ScaledLogMel(builder, frontEnd), "log_mel_matrix"),
            _ => RowsByFrames(builder, Spectrogram(builder, frontEnd), "spectrogram_matrix"),
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

    private static string Text(FrontEnd frontEnd, string key, string fallback) =>
        frontEnd.FeatureOptions.TryGetValue(key, out string? v) ? v : fallback;

    private static int Option(FrontEnd frontEnd, string key, int fallback) => int.Parse(Text(frontEnd, key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>The mfcc set: [N, 2 n_mfcc] (mfcc1_mean, mfcc1_var, ...), population variance over frames.</summary>
    private static string MfccStatistics(OnnxGraphBuilder g, FrontEnd frontEnd)
    {
        string mfcc = Mfcc(g, frontEnd, LogMel(g, frontEnd, refMax: false, topDb: 80)); // [N, T, K]
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
    private static string Power(OnnxGraphBuilder g, int nFft, int hop, bool center, bool magnitude)
    {
        string input = AudioInput;
        if (center)
            input = g.AddNode("Pad", [input, g.AddInitializer(Prefix + "pads", [0L, nFft / 2, 0L, nFft / 2], 4)], Prefix + "centred", OnnxAttribute.String("mode", "constant"));
        string signal = g.AddNode("Unsqueeze", [input, g.AddInitializer(Prefix + "channel_axis", [2L], 1)], Prefix + "signal"); // [N, L, 1]
        float[] window = Windows.PeriodicHann(nFft).ToArray().Select(w => (float)w).ToArray();
        string spectrum = g.AddNode("STFT", [signal, g.AddInitializer(Prefix + "hop", [(long)hop]), g.AddInitializer(Prefix + "window", window, nFft),
            g.AddInitializer(Prefix + "frame_length", [(long)nFft])], Prefix + "stft", OnnxAttribute.Int("onesided", 1)); // [N, T, bins, 2]
        string power = g.AddNode("ReduceSum", [g.AddNode("Mul", [spectrum, spectrum], Prefix + "squares"), g.AddInitializer(Prefix + "complex_axis", [3L], 1)],
            Prefix + "power", OnnxAttribute.Int("keepdims", 0)); // [N, T, bins]
        return magnitude ? g.AddNode("Sqrt", [power], Prefix + "magnitude") : power;
    }

    /// <summary>The stft set: [N, T, bins].</summary>
    private static string Spectrogram(OnnxGraphBuilder g, FrontEnd frontEnd) =>
        Power(g, Option(frontEnd, "n_fft", 1024), Option(frontEnd, "hop_length", 512), Text(frontEnd, "center", "false") == "true", Text(frontEnd, "power", "2") == "1");

    /// <summary>power_to_db(melspectrogram) with amin 1e-10, ref 1 or the clip's maximum power, top_db below the clip's maximum dB: [N, T, mels].</summary>
    private static string LogMel(OnnxGraphBuilder g, FrontEnd frontEnd, bool refMax, double? topDb)
    {
        int nMels = Option(frontEnd, "n_mels", 128), nFft = Option(frontEnd, "n_fft", 2048), bins = nFft / 2 + 1;
        string power = Power(g, nFft, Option(frontEnd, "hop_length", 512), center: true, magnitude: false);
        var filterbank = MelFilterbank.Create(frontEnd.SampleRate, nFft, nMels).ToMatrix(); // [mels, bins]
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
    private static string ScaledLogMel(OnnxGraphBuilder g, FrontEnd frontEnd)
    {
        string topText = Text(frontEnd, "top_db", "80");
        double? topDb = topText == "none" ? null : double.Parse(topText, CultureInfo.InvariantCulture);
        string db = LogMel(g, frontEnd, Text(frontEnd, "ref", "one") == "max", topDb);
        if (Text(frontEnd, "scale01", "false") != "true") return db;
        var clipAxes = OnnxAttribute.Ints("axes", [1, 2]);
        string peak = g.AddNode("ReduceMax", [db], Prefix + "scale_peak", clipAxes, OnnxAttribute.Int("keepdims", 1));
        string floor, range;
        if (topDb is { } top)
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
    private static string Mfcc(OnnxGraphBuilder g, FrontEnd frontEnd, string logMel)
    {
        int nMfcc = Option(frontEnd, "n_mfcc", 20), nMels = Option(frontEnd, "n_mels", 128);
        return g.AddNode("MatMul", [logMel, g.AddInitializer(Prefix + "dct",
            Transpose(Features.Dsp.Mfcc.DctMatrixSingle(nMels, nMfcc).ToArray(), nMfcc, nMels), nMels, nMfcc)], Prefix + "mfcc");
    }

    /// <summary>[N, T, rows] -> the 2-D sets' layout [N, rows, frames].</summary>
    private static string RowsByFrames(OnnxGraphBuilder g, string value, string name) =>
        g.AddNode("Transpose", [value], Prefix + name, OnnxAttribute.Ints("perm", [0, 2, 1]));

    private static float[] Transpose(float[] rowMajor, int rows, int columns)
    {
        var result = new float[rowMajor.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) result[c * rows + r] = rowMajor[r * columns + c];
        return result;
    }
}
