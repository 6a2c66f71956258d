using MlNetGenre.Core.Models;
using MlNetGenre.DeepModels.Networks;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using TorchSharp;
using static TorchSharp.torch;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.DeepModels;

/// <summary>
/// A trained network with its input standardisation: softmax(network(standardise(x))). Exported as one
/// ONNX graph with a dynamic batch axis; evaluated in process in eval mode (for parity checks).
/// </summary>
public sealed class DeepModel(Network network, Standardizer standardizer, IReadOnlyList<int> itemShape, IReadOnlyList<EpochRecord> history, string description)
    : IExportableModel, ITrainingHistory
{
    public Network Network => network;
    public string Description => description;
    public IReadOnlyList<EpochRecord> History => history;

    public float[] PredictProbabilities(float[] features) => PredictBatch([features])[0];

    public float[][] PredictBatch(IReadOnlyList<float[]> rows) => PredictBatch(rows, itemShape);

    /// <summary>Probabilities for rows of the given item shape (another number of frames for dynamic-time networks).</summary>
    public float[][] PredictBatch(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape) =>
        PredictBatch(rows, shape, ItemsPerPass(rows.Count, InferencePasses.MaxIntermediateBytes));

    /// <summary>Probabilities in passes of <paramref name="itemsPerPass"/> items (the last one partial).</summary>
    internal float[][] PredictBatch(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape, int itemsPerPass)
    {
        TorchRuntime.Initialize();
        network.eval();
        using var kernels = TorchRuntime.KernelsFor(network, shape, torch.get_num_threads(), training: false);
        int pass = Math.Max(itemsPerPass, 1);
        var result = new List<float[]>(rows.Count);
        for (int start = 0; start < rows.Count; start += pass)
            result.AddRange(PredictPass(rows.Skip(start).Take(pass).ToArray(), shape));
        return result.ToArray();
    }

    /// <summary>How many of <paramref name="count"/> items one inference pass takes (<see cref="InferencePasses"/>).</summary>
    internal int ItemsPerPass(int count, long passBytes) =>
        InferencePasses.ItemsPerPass(count, network.LargestIntermediateBytesPerItem, WeightBytes, torch.get_num_threads(), passBytes);

    /// <summary>The bytes of the network's parameters, read once by every inference pass.</summary>
    internal long WeightBytes => _weightBytes ??= network.parameters().Sum(p => p.numel() * p.element_size());
    private long? _weightBytes;

    private float[][] PredictPass(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var flat = rows.SelectMany(standardizer.Transform).ToArray();
        var input = torch.tensor(flat, [rows.Count, .. shape.Select(d => (long)d)]).to(network.parameters().First().device);
        var probabilities = nn.functional.softmax(network.call(input), 1).cpu().data<float>().ToArray();
        int classes = probabilities.Length / rows.Count;
        return Enumerable.Range(0, rows.Count).Select(i => probabilities.AsSpan(i * classes, classes).ToArray()).ToArray();
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        network.eval();
        var graph = new OnnxGraphBuilder(network.GetName());
        // Batch is always dynamic; the frames axis too when the network allows any length (recurrent nets, SongNet).
        long?[] dims = [null, .. itemShape.Select(d => (long?)d)];
        if (network.DynamicTime && itemShape.Count == 2) dims[^1] = null;
        string input = graph.AddInput("features", DataType.Float, dims);
        string logits = network.Export(graph, standardizer.AddToGraph(graph, input));
        OnnxClassifierHead.AddOutputs(graph, graph.AddNode("Softmax", [logits], "softmax", OnnxAttribute.Int("axis", 1)), metadata.Labels);
        var model = graph.Build(metadata, description);
        // What ONNX Runtime scoring sizes its batches by (InferencePasses), where a convolution's intermediates matter.
        if (network.LargestIntermediateBytesPerItem > 0)
            foreach (var (key, value) in InferencePasses.ToProperties(network.LargestIntermediateBytesPerItem, WeightBytes))
                model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }
}
