using MlNetGenre.DeepModels.Export;
using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>Dense layers with ReLU or SELU and dropout (seed 001's ANN: 512, 512, 512, 128) over a feature vector.</summary>
public sealed class MlpNetwork : Network
{
    private readonly nn.Module<Tensor, Tensor>[] _hidden;
    private readonly nn.Module<Tensor, Tensor> _output;
    private readonly string _activation;
    private readonly double _dropout;

    public MlpNetwork(int inputs, IReadOnlyList<int> hidden, int classes, string activation, double dropout) : base("mlp")
    {
        _activation = activation;
        _dropout = dropout;
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int width = inputs;
        foreach (int size in hidden)
        {
            layers.Add(nn.Linear(width, size));
            width = size;
        }
        _hidden = layers.ToArray();
        _output = nn.Linear(width, classes);
        for (int i = 0; i < _hidden.Length; i++) register_module($"hidden{i}", _hidden[i]);
        register_module("output", _output);
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.flatten(1); // a 2-D input is read as one vector
        foreach (var layer in _hidden)
        {
            x = layer.call(x);
            x = _activation == "selu" ? nn.functional.selu(x) : nn.functional.relu(x);
            if (_dropout > 0) x = nn.functional.dropout(x, _dropout, training);
        }
        return _output.call(x);
    }

    public override string Export(OnnxGraphBuilder graph, string input)
    {
        string x = graph.AddNode("Flatten", [input], "flat", OnnxAttribute.Int("axis", 1));
        for (int i = 0; i < _hidden.Length; i++)
            x = OnnxLayers.Activation(graph, OnnxLayers.Linear(graph, x, _hidden[i], $"dense{i}"), _activation, $"act{i}");
        return OnnxLayers.Linear(graph, x, _output, "logits");
    }
}
