using MlNetGenre.DeepModels.Export;
using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// Stacked LSTM or GRU (optionally bidirectional) over the frames of a [bins, frames] input, pooled over
/// time (the mean, or each direction's final state), then dense -> ReLU -> dropout -> logits: seed 001's LSTM
/// (2 x 64, final state) and seed 000's BGRU (2 x 256 each way, mean). ONNX export writes one LSTM/GRU node per layer with PyTorch's gate order converted
/// (LSTM i,f,g,o -> i,o,f,c; GRU r,z,n -> z,r,h with linear_before_reset).
/// </summary>
public sealed class RecurrentNetwork : Network
{
    private readonly nn.Module _rnn;
    private readonly nn.Module<Tensor, Tensor> _dense;
    private readonly nn.Module<Tensor, Tensor> _output;
    private readonly bool _lstm;
    private readonly int _hidden, _layers;
    private readonly bool _bidirectional;
    private readonly double _dropout;
    private readonly Architectures.TimePooling _pooling;

    public RecurrentNetwork(bool lstm, int bins, int hidden, int layers, bool bidirectional, int dense, double dropout, int classes,
        Architectures.TimePooling pooling = Architectures.TimePooling.Mean) : base(lstm ? "lstm" : "gru")
    {
        _pooling = pooling;
        _lstm = lstm;
        _hidden = hidden;
        _layers = layers;
        _bidirectional = bidirectional;
        _dropout = dropout;
        _rnn = lstm
            ? nn.LSTM(bins, hidden, layers, batchFirst: true, bidirectional: bidirectional)
            : nn.GRU(bins, hidden, layers, batchFirst: true, bidirectional: bidirectional);
        _dense = nn.Linear(hidden * (bidirectional ? 2 : 1), dense);
        _output = nn.Linear(dense, classes);
        register_module("rnn", _rnn);
        register_module("dense", _dense);
        register_module("output", _output);
    }

    /// <summary>Width of one output step: hidden units times directions.</summary>
    public int OutputWidth => _hidden * (_bidirectional ? 2 : 1);

    /// <summary>[N, frames, directions x hidden] -> [N, directions x hidden].</summary>
    private Tensor Pool(Tensor sequence)
    {
        if (_pooling == Architectures.TimePooling.Mean) return sequence.mean([1]);
        var last = sequence.select(1, -1);
        return _bidirectional ? torch.cat([last.narrow(1, 0, _hidden), sequence.select(1, 0).narrow(1, _hidden, _hidden)], 1) : last;
    }

    /// <summary>ONNX nodes of <see cref="Pool"/> over a time-major [T, N, directions x hidden] sequence.</summary>
    private string ExportPool(OnnxGraphBuilder graph, string sequence)
    {
        if (_pooling == Architectures.TimePooling.Mean)
            return graph.AddNode("ReduceMean", [sequence], "time_mean", OnnxAttribute.Ints("axes", [0]), OnnxAttribute.Int("keepdims", 0));
        string Step(long index, string name) => graph.AddNode("Gather", [sequence, graph.AddInitializer($"{name}_index", [index])], name, OnnxAttribute.Int("axis", 0));
        string last = Step(-1, "last_step"); // [N, directions x hidden]
        if (!_bidirectional) return last;
        string Part(string step, long from, string name) => graph.AddNode("Slice", [step, graph.AddInitializer($"{name}_start", [from], 1),
            graph.AddInitializer($"{name}_end", [from + _hidden], 1), graph.AddInitializer($"{name}_axis", [1L], 1)], name);
        return graph.AddNode("Concat", [Part(last, 0, "forward_final"), Part(Step(0, "first_step"), _hidden, "backward_final")], "final_states", OnnxAttribute.Int("axis", 1));
    }

    /// <summary>The recurrent outputs over time, [N, frames, directions x hidden].</summary>
    public Tensor Sequence(Tensor input)
    {
        var sequence = input.permute(0, 2, 1); // [N, frames, bins]
        return _lstm
            ? ((TorchSharp.Modules.LSTM)_rnn).call(sequence).Item1
            : ((TorchSharp.Modules.GRU)_rnn).call(sequence).Item1;
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(_dense.call(Pool(Sequence(input))));
        if (_dropout > 0) x = nn.functional.dropout(x, _dropout, training);
        return _output.call(x);
    }

    public override bool DynamicTime => true;

    public override string Export(OnnxGraphBuilder graph, string input)
    {
        string pooled = ExportPool(graph, ExportSequence(graph, input));
        string dense = graph.AddNode("Relu", [OnnxLayers.Linear(graph, pooled, _dense, "dense")], "dense_act");
        return OnnxLayers.Linear(graph, dense, _output, "logits");
    }

    /// <summary>ONNX nodes of <see cref="Sequence"/>, time-major: [frames, N, directions x hidden].</summary>
    public string ExportSequence(OnnxGraphBuilder graph, string input)
    {
        var weights = _rnn.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        string x = graph.AddNode("Transpose", [input], "time_major", OnnxAttribute.Ints("perm", [2, 0, 1])); // [T, N, bins]
        int directions = _bidirectional ? 2 : 1, gates = _lstm ? 4 : 3;
        int[] order = _lstm ? [0, 3, 1, 2] : [1, 0, 2]; // ONNX gate i takes PyTorch gate order[i]
        for (int layer = 0; layer < _layers; layer++)
        {
            string[] suffixes = _bidirectional ? ["", "_reverse"] : [""];
            float[] Stack(string kind) => suffixes.SelectMany(s => Reorder(OnnxLayers.Values(weights[$"{kind}_l{layer}{s}"]), gates, order)).ToArray();
            long inputSize = weights[$"weight_ih_l{layer}"].shape[1];
            string w = graph.AddInitializer($"rnn{layer}_W", Stack("weight_ih"), directions, gates * _hidden, inputSize);
            string r = graph.AddInitializer($"rnn{layer}_R", Stack("weight_hh"), directions, gates * _hidden, _hidden);
            var bias = suffixes.SelectMany(s => Reorder(OnnxLayers.Values(weights[$"bias_ih_l{layer}{s}"]), gates, order)
                .Concat(Reorder(OnnxLayers.Values(weights[$"bias_hh_l{layer}{s}"]), gates, order))).ToArray();
            string b = graph.AddInitializer($"rnn{layer}_B", bias, directions, 2 * gates * _hidden);
            var attributes = new List<Onnx.Proto.AttributeProto>
            {
                OnnxAttribute.Int("hidden_size", _hidden),
                OnnxAttribute.String("direction", _bidirectional ? "bidirectional" : "forward"),
            };
            if (!_lstm) attributes.Add(OnnxAttribute.Int("linear_before_reset", 1));
            string y = graph.AddNode(_lstm ? "LSTM" : "GRU", [x, w, r, b], [$"rnn{layer}_Y"], "", attributes.ToArray())[0]; // [T, dirs, N, H]
            string swapped = graph.AddNode("Transpose", [y], $"rnn{layer}_swapped", OnnxAttribute.Ints("perm", [0, 2, 1, 3]));
            // The width is written out (not -1): with a static time axis, as in an audio-in graph, the ONNX checker's shape
            // inference (onnx 1.12) rejects a 0 (copy) beside a -1.
            x = graph.AddNode("Reshape", [swapped, graph.AddInitializer($"rnn{layer}_shape", [0L, 0L, (long)directions * _hidden], 3)], $"rnn{layer}_out"); // [T, N, dirs*H]
        }
        return x;
    }

    /// <summary>Reorders the gate blocks of a [gates * H, ...] weight (or [gates * H] bias) from PyTorch's order to ONNX's.</summary>
    private static float[] Reorder(float[] values, int gates, int[] order)
    {
        int block = values.Length / gates;
        var result = new float[values.Length];
        for (int g = 0; g < gates; g++) Array.Copy(values, order[g] * block, result, g * block, block);
        return result;
    }
}
