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

    /// <summary>
    /// The most one inference pass may hold in its largest intermediate (<see cref="Network.LargestIntermediateBytesPerItem"/>).
    /// A batch of 32 clips through seed 001's CNN in one pass unfolded 3 GB for one convolution and streamed every layer
    /// through memory: per clip 56-62 ms (once 172) against 50-55 at batch 1 in four bench runs. Within this bound
    /// <see cref="ItemsPerPass"/> picks the pass size.
    /// </summary>
    internal const long InferencePassBytes = 64L << 20;

    /// <summary>Probabilities for rows of the given item shape (another number of frames for dynamic-time networks).</summary>
    public float[][] PredictBatch(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape) =>
        PredictBatch(rows, shape, ItemsPerPass(rows.Count, InferencePassBytes));

    /// <summary>Probabilities in passes of <paramref name="itemsPerPass"/> items (the last one partial).</summary>
    internal float[][] PredictBatch(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape, int itemsPerPass)
    {
        TorchRuntime.Initialize();
        network.eval();
        int pass = Math.Max(itemsPerPass, 1);
        var result = new List<float[]>(rows.Count);
        for (int start = 0; start < rows.Count; start += pass)
            result.AddRange(PredictPass(rows.Skip(start).Take(pass).ToArray(), shape));
        return result.ToArray();
    }

    /// <summary>
    /// How many of <paramref name="count"/> items one inference pass takes. A pass reads the weights once and streams each
    /// item's intermediates, so batching pays while the weights read per item are more than one item's largest intermediate,
    /// and past that larger passes only push intermediates out of cache: the pass takes the fewest items for which the weights
    /// per item are at most one intermediate, as many as fit <paramref name="passBytes"/> if fewer. Measured (bench/ModelBench
    /// passes, batch 32 per clip): seed 000's CNN (18 MB per item, 1.7 MB of weights) is fastest in passes of one item, 5-25%
    /// slower in passes of 2-32 at one and two threads; mfcc-cnn (2.1 MB per item, 242 MB of weights, most of it one dense
    /// layer) costs 22 ms per clip alone and 5 ms in passes of 30. A pass of more than one item is a multiple of the threads
    /// (libtorch's convolution gives each thread whole items: three on two threads cost what four do); a pass of one item
    /// still uses every thread inside its operators.
    /// </summary>
    internal int ItemsPerPass(int count, long passBytes)
    {
        long perItem = network.LargestIntermediateBytesPerItem;
        int all = Math.Max(count, 1);
        if (perItem == 0) return all;
        long fitting = Math.Max(passBytes / perItem, 1);
        long amortizing = Math.Max((WeightBytes + perItem - 1) / perItem, 1);
        long items = Math.Min(Math.Min(fitting, amortizing), all);
        int threads = Math.Max(torch.get_num_threads(), 1);
        return (int)(items > threads ? items / threads * threads : items);
    }

    /// <summary>The bytes of the network's parameters, read once by every inference pass.</summary>
    private long WeightBytes => _weightBytes ??= network.parameters().Sum(p => p.numel() * p.element_size());
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
        return graph.Build(metadata, description);
    }
}
