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
/// maximum, then the mean and population variance of each coefficient over frames. Opset 17 (STFT), IR 8.
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
        { FeatureSet: "mfcc" } => null,
        _ => $"audio-in export of the '{frontEnd.FeatureSet}' set is not implemented yet (so far: mfcc)",
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
        string features = MfccStatistics(builder, frontEnd);
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

    /// <summary>The mfcc set's nodes from <see cref="AudioInput"/> to [N, 2 n_mfcc] (mfcc1_mean, mfcc1_var, ...); returns that value.</summary>
    private static string MfccStatistics(OnnxGraphBuilder g, FrontEnd frontEnd)
    {
        int Option(string key, int fallback) =>
            frontEnd.FeatureOptions.TryGetValue(key, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int nMfcc = Option("n_mfcc", 20), nMels = Option("n_mels", 128), nFft = Option("n_fft", 2048), hop = Option("hop_length", 512);
        int bins = nFft / 2 + 1;

        string padded = g.AddNode("Pad", [AudioInput, g.AddInitializer(Prefix + "pads", [0L, nFft / 2, 0L, nFft / 2], 4)], Prefix + "centred",
            OnnxAttribute.String("mode", "constant"));
        string signal = g.AddNode("Unsqueeze", [padded, g.AddInitializer(Prefix + "channel_axis", [2L], 1)], Prefix + "signal"); // [N, L, 1]
        float[] window = Windows.PeriodicHann(nFft).ToArray().Select(w => (float)w).ToArray();
        string spectrum = g.AddNode("STFT", [signal, g.AddInitializer(Prefix + "hop", [(long)hop]), g.AddInitializer(Prefix + "window", window, nFft),
            g.AddInitializer(Prefix + "frame_length", [(long)nFft])], Prefix + "stft", OnnxAttribute.Int("onesided", 1)); // [N, T, bins, 2]
        string power = g.AddNode("ReduceSum", [g.AddNode("Mul", [spectrum, spectrum], Prefix + "squares"), g.AddInitializer(Prefix + "complex_axis", [3L], 1)],
            Prefix + "power", OnnxAttribute.Int("keepdims", 0)); // [N, T, bins]

        var filterbank = MelFilterbank.Create(frontEnd.SampleRate, nFft, nMels).ToMatrix(); // [mels, bins]
        string mel = g.AddNode("MatMul", [power, g.AddInitializer(Prefix + "mel_weights", Transpose(filterbank.Data, nMels, bins), bins, nMels)], Prefix + "mel");

        // power_to_db(ref 1, amin 1e-10, top_db 80): 10 log10(max(S, amin)), floored at the clip's maximum - 80.
        string log = g.AddNode("Log", [g.AddNode("Max", [mel, g.AddInitializer(Prefix + "amin", [1e-10f])], Prefix + "clamped")], Prefix + "ln");
        string db = g.AddNode("Mul", [log, g.AddInitializer(Prefix + "db_per_neper", [(float)(10 / Math.Log(10))])], Prefix + "db");
        // Opset 17: ReduceMax and ReduceMean take their axes as an attribute (ReduceSum as an input).
        string peak = g.AddNode("ReduceMax", [db], Prefix + "peak", OnnxAttribute.Ints("axes", [1, 2]), OnnxAttribute.Int("keepdims", 1));
        string floor = g.AddNode("Sub", [peak, g.AddInitializer(Prefix + "top_db", [80f])], Prefix + "floor");
        string logMel = g.AddNode("Max", [db, floor], Prefix + "log_mel"); // [N, T, mels]

        string mfcc = g.AddNode("MatMul", [logMel, g.AddInitializer(Prefix + "dct", Transpose(Mfcc.DctMatrixSingle(nMels, nMfcc).ToArray(), nMfcc, nMels), nMels, nMfcc)],
            Prefix + "mfcc"); // [N, T, n_mfcc]
        var frameAxis = OnnxAttribute.Ints("axes", [1]);
        string mean = g.AddNode("ReduceMean", [mfcc], Prefix + "mean", frameAxis, OnnxAttribute.Int("keepdims", 1)); // [N, 1, K]
        string centred = g.AddNode("Sub", [mfcc, mean], Prefix + "deviation");
        string variance = g.AddNode("ReduceMean", [g.AddNode("Mul", [centred, centred], Prefix + "squared_deviation")], Prefix + "variance",
            frameAxis, OnnxAttribute.Int("keepdims", 1));
        string pairs = g.AddNode("Transpose", [g.AddNode("Concat", [mean, variance], Prefix + "statistics", OnnxAttribute.Int("axis", 1))], Prefix + "pairs",
            OnnxAttribute.Ints("perm", [0, 2, 1])); // [N, K, 2]
        return g.AddNode("Reshape", [pairs, g.AddInitializer(Prefix + "vector_shape", [0L, -1L], 2)], Prefix + "features");
    }

    private static float[] Transpose(float[] rowMajor, int rows, int columns)
    {
        var result = new float[rowMajor.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) result[c * rows + r] = rowMajor[r * columns + c];
        return result;
    }
}
