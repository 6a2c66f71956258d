using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Onnx.Tests;

public class OnnxGraphBuilderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.onnx");

    private static readonly OnnxModelMetadata Metadata = new(["a", "b", "c"], ["x0", "x1", "x2"], "test-family",
        new Dictionary<string, string> { ["sample_rate"] = "22050", ["feature_set"] = "mfcc" });

    /// <summary>probabilities = softmax(x * 2 + bias): small enough to check by hand.</summary>
    private static ModelProto SoftmaxModel()
    {
        var graph = new OnnxGraphBuilder("test");
        string x = graph.AddInput("features", DataType.Float, null, 3);
        string two = graph.AddInitializer("two", [2f], 1);
        string bias = graph.AddInitializer("bias", [0f, 1f, -1f], 1, 3);
        string scaled = graph.AddNode("Mul", [x, two], "scaled");
        string logits = graph.AddNode("Add", [scaled, bias], "logits");
        string probabilities = graph.AddNode("Softmax", [logits], "softmax", OnnxAttribute.Int("axis", 1));
        OnnxClassifierHead.AddOutputs(graph, probabilities, Metadata.Labels);
        return graph.Build(Metadata);
    }

    [Fact]
    public void A_built_model_runs_in_onnx_runtime_with_dynamic_batch_and_metadata()
    {
        var model = SoftmaxModel();
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.OpsetImport.Single(o => o.Domain == "").Version);
        OnnxModelFile.Save(model, _path);

        using var scorer = OnnxScorer.Open(_path);
        Assert.Equal("CPU", scorer.DeviceDescription);
        Assert.Equal(Metadata.Labels, scorer.Metadata.Labels);
        Assert.Equal(Metadata.FeatureNames, scorer.Metadata.FeatureNames);
        Assert.Equal("22050", scorer.Metadata.FrontEnd["sample_rate"]);
        Assert.Equal("test-family", scorer.Metadata.ModelFamily);

        foreach (int batch in new[] { 1, 5 })
        {
            var rows = Enumerable.Range(0, batch).Select(i => new[] { 0.1f * i, -0.2f, 0.3f }).ToArray();
            float[][] p = scorer.PredictProbabilities(rows);
            Assert.Equal(batch, p.Length);
            for (int i = 0; i < batch; i++)
            {
                double[] logits = [2 * rows[i][0], 2 * rows[i][1] + 1, 2 * rows[i][2] - 1];
                double total = logits.Sum(Math.Exp);
                for (int c = 0; c < 3; c++) Assert.Equal(Math.Exp(logits[c]) / total, p[i][c], tolerance: 1e-6);
            }
        }
    }

    [Fact]
    public void Saved_bytes_parse_back_to_the_same_model()
    {
        var model = SoftmaxModel();
        OnnxModelFile.Save(model, _path);
        Assert.Equal(model, OnnxModelFile.Load(_path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*.tmp"));
    }

    [Fact]
    public void Clashing_node_names_are_made_unique()
    {
        var graph = new OnnxGraphBuilder("g");
        graph.AddInput("x", DataType.Float, null, 2);
        string a = graph.AddNode("Relu", ["x"], "y");
        string b = graph.AddNode("Relu", [a], "y");
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void An_initializer_whose_values_do_not_fill_its_dims_is_rejected()
    {
        var graph = new OnnxGraphBuilder("g");
        var e = Assert.Throws<ArgumentException>(() => graph.AddInitializer("w", [1f, 2f, 3f], 2, 2));
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void A_model_without_mlnetgenre_metadata_is_refused_with_the_missing_key()
    {
        var model = SoftmaxModel();
        model.MetadataProps.Clear();
        OnnxModelFile.Save(model, _path);
        var e = Assert.Throws<InvalidDataException>(() => OnnxScorer.Open(_path));
        Assert.Contains(OnnxModelMetadata.LabelsKey, e.Message);
        Assert.Contains(_path, e.Message);
    }

    [Fact]
    public void Missing_and_corrupt_files_give_clear_errors()
    {
        Assert.Throws<FileNotFoundException>(() => OnnxScorer.Open("/no/such/model.onnx"));
        File.WriteAllBytes(_path, [1, 2, 3, 4, 5]);
        var e = Assert.Throws<InvalidDataException>(() => OnnxScorer.Open(_path));
        Assert.Contains(_path, e.Message);
    }

    [Fact]
    public void Asking_for_cuda_without_a_cuda_build_falls_back_to_cpu_and_says_so()
    {
        OnnxModelFile.Save(SoftmaxModel(), _path);
        using var scorer = OnnxScorer.Open(_path, MlNetGenre.Core.Models.ComputeDevice.Auto);
        Assert.StartsWith("CPU", scorer.DeviceDescription);
        Assert.Contains("CUDA unavailable", scorer.DeviceDescription);
        Assert.Equal(3, scorer.PredictProbabilities([[0f, 0f, 0f]])[0].Length);
    }

    public void Dispose()
    {
        File.Delete(_path);
    }
}
