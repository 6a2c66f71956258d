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
    /// What one inference pass may hold in its largest intermediate (<see cref="Network.LargestIntermediateBytesPerItem"/>).
    /// A batch of 32 clips through seed 001's CNN in one pass unfolded 3 GB for one convolution and streamed every layer
    /// through memory: per clip 56-62 ms (once 172) against 50-55 at batch 1 in four bench runs. In passes of at most
    /// 64 MB (<see cref="ItemsPerPass"/>) a batch costs what its clips cost in small batches and holds a few hundred MB
    /// at most, whatever its size; passes of 1 to 32 seed-000 clips measured the same at one thread.
    /// </summary>
    internal const long InferencePassBytes = 64L << 20;

    /// <summary>Probabilities for rows of the given item shape (another number of frames for dynamic-time networks).</summary>
    public float[][] PredictBatch(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape) => PredictBatch(rows, shape, InferencePassBytes);

    internal float[][] PredictBatch(IReadOnlyList<float[]> rows, IReadOnlyList<int> shape, long passBytes)
    {
        TorchRuntime.Initialize();
        network.eval();
        int pass = ItemsPerPass(rows.Count, passBytes);
        var result = new List<float[]>(rows.Count);
        for (int start = 0; start < rows.Count; start += pass)
            result.AddRange(PredictPass(rows.Skip(start).Take(pass).ToArray(), shape));
        return result.ToArray();
    }

    /// <summary>
    /// How many of <paramref name="count"/> items one inference pass takes: as many as fit <paramref name="passBytes"/>,
    /// rounded down to a multiple of the threads (libtorch's convolution gives each thread whole items: three items on two
    /// threads take as long as four), and never fewer than one per thread.
    /// </summary>
    internal int ItemsPerPass(int count, long passBytes)
    {
        long perItem = network.LargestIntermediateBytesPerItem;
        int all = Math.Max(count, 1);
        if (perItem == 0) return all;
        int threads = Math.Max(torch.get_num_threads(), 1);
        long fitting = Math.Max(passBytes / perItem / threads, 1) * threads;
        return (int)Math.Min(fitting, all);
    }

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
