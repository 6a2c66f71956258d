using MlNetGenre.DeepModels.Export;
using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// Seed 000's attention models over a [bins, frames] input. A CNN branch ending in a dense layer of one unit
/// per frame gives, through a softmax, one weight per time step; the weighted sum of the BGRU's outputs
/// (directions x hidden) is the sequence vector. <c>bgru-attention</c>: vector -> dense -> ReLU -> dropout ->
/// logits. <c>parallel-crnn</c>: the vector concatenated with a second CNN's dense features (512) -> dense 80 ->
/// ReLU -> dropout -> logits.
/// </summary>
public sealed class AttentionNetwork : Network
{
    private readonly ConvNetwork _attention;
    private readonly RecurrentNetwork _rnn;
    private readonly ConvNetwork? _parallel;
    private readonly nn.Module<Tensor, Tensor> _dense;
    private readonly nn.Module<Tensor, Tensor> _output;
    private readonly double _dropout;

    public AttentionNetwork(int bins, int frames, IReadOnlyList<int> channels, int hidden, int parallelDense, int dense, double dropout, int classes)
        : base(parallelDense > 0 ? "parallel_crnn" : "bgru_attention")
    {
        var kernels = Enumerable.Repeat(3, channels.Count).ToArray();
        var pools = Enumerable.Repeat(2, channels.Count).ToArray();
        // A ConvNetwork whose "classes" are the frames: its output layer is the attention dense of seed 000.
        _attention = new ConvNetwork(bins, frames, channels, kernels, pools, false, "relu", 64, 0.3, frames);
        _rnn = new RecurrentNetwork(false, bins, hidden, 2, true, 1, 0, 1);
        int width = _rnn.OutputWidth;
        if (parallelDense > 0)
        {
            _parallel = new ConvNetwork(bins, frames, channels, kernels, pools, false, "relu", parallelDense, 0, 1);
            register_module("parallel", _parallel);
            width += parallelDense;
        }
        _dropout = dropout;
        _dense = nn.Linear(width, dense);
        _output = nn.Linear(dense, classes);
        register_module("attention", _attention);
        register_module("rnn", _rnn);
        register_module("dense", _dense);
        register_module("output", _output);
    }

    public override Tensor forward(Tensor input)
    {
        var weights = nn.functional.softmax(_attention.call(input), 1);                 // [N, T]
        var vector = (_rnn.Sequence(input) * weights.unsqueeze(2)).sum([1]);           // [N, 2H]
        if (_parallel is not null) vector = torch.cat([vector, _parallel.Features(input)], 1);
        var x = nn.functional.relu(_dense.call(vector));
        if (_dropout > 0) x = nn.functional.dropout(x, _dropout, training);
        return _output.call(x);
    }

    public override string Export(OnnxGraphBuilder graph, string input)
    {
        string weights = graph.AddNode("Softmax", [_attention.Export(graph, input)], "attention_weights", OnnxAttribute.Int("axis", 1)); // [N, T]
        string sequence = _rnn.ExportSequence(graph, input);                                                                        // [T, N, 2H]
        string timeMajorWeights = graph.AddNode("Unsqueeze", [graph.AddNode("Transpose", [weights], "weights_t", OnnxAttribute.Ints("perm", [1, 0])),
            graph.AddInitializer("weights_axis", [2L], 1)], "weights_t3");                                                           // [T, N, 1]
        string vector = graph.AddNode("ReduceSum", [graph.AddNode("Mul", [sequence, timeMajorWeights], "weighted_steps"),
            graph.AddInitializer("time_axis", [0L], 1)], "attended", OnnxAttribute.Int("keepdims", 0));                              // [N, 2H]
        if (_parallel is not null)
            vector = graph.AddNode("Concat", [vector, _parallel.ExportFeatures(graph, input)], "joined", OnnxAttribute.Int("axis", 1));
        string dense = graph.AddNode("Relu", [OnnxLayers.Linear(graph, vector, _dense, "head_dense")], "head_act");
        return OnnxLayers.Linear(graph, dense, _output, "head_logits");
    }
}
