using MlNetGenre.Onnx.Proto;
using MlNetGenre.Testing;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Onnx.Tests;

/// <summary>
/// Models whose initializers pass the threshold keep their weights in ONNX's external-data layout beside the model
/// (protobuf cannot write a message over 2 GB); ONNX Runtime and the checker read them, copies and round trips keep
/// working, and models at or under the threshold stay one file.
/// </summary>
public sealed class ExternalDataTests : IDisposable
{
    private const int Features = 64, Classes = 1024; // the weights: 64 x 1024 floats = 262,144 bytes
    private const long WeightBytes = Features * Classes * 4L;
    private readonly string _folder = Directory.CreateTempSubdirectory("external-data-").FullName;

    private static ModelProto LinearModel()
    {
        var graph = new OnnxGraphBuilder("linear");
        string x = graph.AddInput("features", DataType.Float, null, Features);
        var random = new Random(3);
        float[] weights = Enumerable.Range(0, Features * Classes).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        string logits = graph.AddNode("MatMul", [x, graph.AddInitializer("weights", weights, Features, Classes)], "logits");
        OnnxClassifierHead.AddOutputs(graph, graph.AddNode("Softmax", [logits], "softmax", OnnxAttribute.Int("axis", 1)),
            Enumerable.Range(0, Classes).Select(c => $"class{c}").ToArray());
        return graph.Build(new OnnxModelMetadata(Enumerable.Range(0, Classes).Select(c => $"class{c}").ToArray(),
            Enumerable.Range(0, Features).Select(f => $"x{f}").ToArray(), "test", new Dictionary<string, string>()));
    }

    private static float[][] Score(string path)
    {
        using var scorer = OnnxScorer.Open(path);
        var rows = Enumerable.Range(0, 5).Select(r => Enumerable.Range(0, Features).Select(f => MathF.Sin(r * 7 + f)).ToArray()).ToArray();
        return scorer.PredictRows(rows, [Features]);
    }

    [Fact]
    public void At_the_threshold_a_model_is_one_file_and_one_byte_over_its_weights_go_to_external_data()
    {
        string inline = Path.Combine(_folder, "inline.onnx"), external = Path.Combine(_folder, "external.onnx");
        var model = LinearModel();
        OnnxModelFile.Save(model, inline, externalDataThreshold: WeightBytes);
        OnnxModelFile.Save(model, external, externalDataThreshold: WeightBytes - 1);

        Assert.False(File.Exists(OnnxModelFile.DataPathOf(inline)));
        Assert.True(new FileInfo(inline).Length > WeightBytes);
        Assert.Equal(WeightBytes, new FileInfo(OnnxModelFile.DataPathOf(external)).Length);
        Assert.True(new FileInfo(external).Length < 64 << 10, $"the model file is {new FileInfo(external).Length} bytes; its weights should be outside it");
        Assert.Equal(Features * Classes, model.Graph.Initializer.Single(t => t.Name == "weights").FloatData.Count); // the caller's model is unchanged

        Assert.Equal(Score(inline), Score(external));
        if (OnnxChecker.Available) Assert.Null(OnnxChecker.Check(external));
    }

    [Fact]
    public void A_copied_or_reloaded_external_model_works_under_its_new_name_and_folder()
    {
        string original = Path.Combine(_folder, "model.onnx");
        OnnxModelFile.Save(LinearModel(), original, externalDataThreshold: 1000);
        var expected = Score(original);

        string copy = Path.Combine(_folder, "elsewhere", "renamed.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        OnnxModelFile.Copy(original, copy);
        Assert.True(File.Exists(OnnxModelFile.DataPathOf(copy)));
        Assert.Equal(expected, Score(copy));

        var loaded = OnnxModelFile.Load(copy); // external data read back into the tensors
        Assert.All(loaded.Graph.Initializer, t => Assert.Empty(t.ExternalData));
        string small = Path.Combine(_folder, "round-trip.onnx");
        OnnxModelFile.Save(loaded, small);
        Assert.False(File.Exists(OnnxModelFile.DataPathOf(small)));
        Assert.Equal(expected, Score(small));

        // Saving a smaller model over a path that had external data removes the stale data file.
        OnnxModelFile.Save(loaded, original);
        Assert.False(File.Exists(OnnxModelFile.DataPathOf(original)));
        Assert.Equal(expected, Score(original));
    }

    [Fact]
    public void Metadata_is_read_without_the_graph_and_equals_the_full_parse()
    {
        string inline = Path.Combine(_folder, "meta.onnx"), external = Path.Combine(_folder, "meta-external.onnx");
        var model = LinearModel();
        OnnxModelFile.Save(model, inline);
        OnnxModelFile.Save(model, external, externalDataThreshold: 1000);
        var expected = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, OnnxModelFile.ReadMetadata(inline));
        Assert.Equal(expected, OnnxModelFile.ReadMetadata(external));
    }

    [Fact]
    public void A_missing_data_file_is_named_when_the_model_is_loaded()
    {
        string path = Path.Combine(_folder, "orphan.onnx");
        OnnxModelFile.Save(LinearModel(), path, externalDataThreshold: 1000);
        File.Delete(OnnxModelFile.DataPathOf(path));
        var e = Assert.Throws<FileNotFoundException>(() => OnnxModelFile.Load(path));
        Assert.Contains("orphan.onnx.data", e.Message);
    }

    /// <summary>
    /// Past protobuf's 2 GB limit for real: a 2.1 GB weight matrix saves (weights outside the model) and ONNX Runtime
    /// scores it. Needs ~7 GB of RAM and 2 GB of disk for a minute, so it runs only with MLNETGENRE_BIG_TESTS=1.
    /// </summary>
    [BigFact]
    public void A_model_over_two_gigabytes_saves_and_scores()
    {
        const int features = 64, classes = 8_400_000; // 64 x 8.4M floats = 2.15 GB
        var graph = new OnnxGraphBuilder("huge");
        string x = graph.AddInput("features", DataType.Float, null, features);
        var weights = new float[(long)features * classes];
        for (long i = 0; i < weights.LongLength; i++) weights[i] = (i % 7) * 1e-3f;
        string logits = graph.AddNode("MatMul", [x, graph.AddInitializer("weights", weights, features, classes)], "logits");
        string top = graph.AddNode("ReduceMax", [logits], "top", OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        graph.AddOutput(top, DataType.Float, null, 1);
        weights = [];
        var model = graph.Build(new OnnxModelMetadata(["a"], [], "test", new Dictionary<string, string>()));
        string path = Path.Combine(_folder, "huge.onnx");
        OnnxModelFile.Save(model, path);
        Assert.True(new FileInfo(OnnxModelFile.DataPathOf(path)).Length > int.MaxValue);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(Enumerable.Repeat(1f, features).ToArray(), [1, features]);
        using var outputs = session.Run([Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("features", input)]);
        Assert.Equal(64 * 6e-3f, outputs.Single().AsEnumerable<float>().Single(), 1e-4f); // the largest weight, 6e-3, in every row
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>A fact that needs several GB of RAM and disk: runs only with MLNETGENRE_BIG_TESTS=1.</summary>
public sealed class BigFactAttribute : FactAttribute
{
    public BigFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MLNETGENRE_BIG_TESTS") != "1")
            Skip = "needs ~7 GB of RAM and 2 GB of disk; set MLNETGENRE_BIG_TESTS=1 to run it";
    }
}
