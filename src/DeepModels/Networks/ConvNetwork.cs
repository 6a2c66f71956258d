using MlNetGenre.DeepModels.Export;
using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// A 2-D CNN over a [rows, frames] input (one channel): blocks of Conv (kernel k, 'same' padding as Keras
/// pads it: k - 1 zeros, the odd one after, so even kernels pad asymmetrically) -> optional BatchNorm ->
/// ReLU/SELU -> MaxPool (or conv -> act -> pool -> BatchNorm), then flatten -> dense -> activation -> dropout -> logits.
/// Seed 000's CNN, seed 001's small CNN and seed 002's batch-norm CNN are configurations of it.
/// </summary>
public sealed class ConvNetwork : Network
{
    private readonly TorchSharp.Modules.Conv2d[] _convs;
    private readonly TorchSharp.Modules.BatchNorm2d?[] _norms;
    private readonly int[] _pools;
    private readonly long[] _padBefore, _padAfter;
    private readonly nn.Module<Tensor, Tensor> _dense;
    private readonly nn.Module<Tensor, Tensor> _output;
    private readonly string _activation;
    private readonly double _dropout;
    private readonly bool _normLast;

    public ConvNetwork(int rows, int frames, IReadOnlyList<int> channels, IReadOnlyList<int> kernels, IReadOnlyList<int> pools, bool batchNorm,
        string activation, int dense, double dropout, int classes, Architectures.BlockOrder order = Architectures.BlockOrder.ConvNormActPool) : base("cnn")
    {
        _normLast = order == Architectures.BlockOrder.ConvActPoolNorm;
        if (kernels.Count != channels.Count || pools.Count != channels.Count)
            throw new ArgumentException($"cnn: {channels.Count} channel counts need as many kernels and pools (got {kernels.Count} and {pools.Count})");
        _activation = activation;
        _dropout = dropout;
        _pools = pools.ToArray();
        _padBefore = kernels.Select(k => (long)((k - 1) / 2)).ToArray();
        _padAfter = kernels.Select((k, i) => k - 1 - _padBefore[i]).ToArray();
        _convs = new TorchSharp.Modules.Conv2d[channels.Count];
        _norms = new TorchSharp.Modules.BatchNorm2d?[channels.Count];
        long h = rows, w = frames, input = 1;
        for (int i = 0; i < channels.Count; i++)
        {
            // libtorch's convolution (oneDNN off) unfolds its input into [input x k x k, h x w] (im2col) for a matrix product.
            long unfolded = input * kernels[i] * kernels[i] * h * w, output = channels[i] * h * w;
            LargestIntermediateBytesPerItem = Math.Max(LargestIntermediateBytesPerItem, sizeof(float) * Math.Max(unfolded, output));
            _convs[i] = nn.Conv2d(input, channels[i], kernels[i], padding: _padBefore[i] == _padAfter[i] ? _padBefore[i] : 0);
            register_module($"conv{i}", _convs[i]);
            if (batchNorm)
            {
                _norms[i] = nn.BatchNorm2d(channels[i]);
                register_module($"norm{i}", _norms[i]!);
            }
            h /= pools[i]; // 'same' keeps the size; the pool floors it
            w /= pools[i];
            if (h < 1 || w < 1)
                throw new ArgumentException($"cnn: an input of {rows} x {frames} is too small for {channels.Count} conv/pool blocks " +
                                            $"(block {i + 1} leaves {Math.Max(h, 0)} x {Math.Max(w, 0)}); use a larger input or fewer blocks");
            input = channels[i];
        }
        _dense = nn.Linear(input * h * w, dense);
        _output = nn.Linear(dense, classes);
        register_module("dense", _dense);
        register_module("output", _output);
    }

    /// <summary>The network an architecture's options describe for a [rows, frames] input; a single kernel or pool size applies to every block.</summary>
    public static ConvNetwork Create(int[] matrix, int classes, Architectures.ConvOptions o)
    {
        IReadOnlyList<int> Expand(IReadOnlyList<int> values) => values.Count == 1 ? Enumerable.Repeat(values[0], o.Channels.Count).ToArray() : values;
        return new ConvNetwork(matrix[0], matrix[1], o.Channels, Expand(o.Kernels), Expand(o.Pools), o.BatchNorm,
            o.Activation == Architectures.Activation.Selu ? "selu" : "relu", o.Dense, o.Dropout, classes, o.BlockOrder);
    }

    public override long LargestIntermediateBytesPerItem { get; }

    private Tensor Activate(Tensor x) => _activation == "selu" ? nn.functional.selu(x) : nn.functional.relu(x);

    public override Tensor forward(Tensor input)
    {
        var x = Features(input);
        if (_dropout > 0) x = nn.functional.dropout(x, _dropout, training);
        return _output.call(x);
    }

    /// <summary>The activated dense layer before the output, [N, dense]: the CNN branch of the attention and parallel models.</summary>
    public Tensor Features(Tensor input)
    {
        var x = new Intermediate(input);
        using (var withChannel = input.unsqueeze(1))
            x.Next(ChannelsLast.Of(withChannel)); // every layer below keeps this layout (ChannelsLast explains why)
        for (int i = 0; i < _convs.Length; i++)
        {
            if (_padBefore[i] != _padAfter[i]) x.Next(nn.functional.pad(x, [_padBefore[i], _padAfter[i], _padBefore[i], _padAfter[i]]));
            x.Next(_convs[i].call(x));
            if (_norms[i] is { } norm && !_normLast) x.Next(norm.call(x));
            x.Next(Activate(x));
            if (_pools[i] > 1) x.Next(nn.functional.max_pool2d(x, _pools[i], _pools[i])); // gradient to each window's first maximum
            if (_norms[i] is { } lastNorm && _normLast) x.Next(lastNorm.call(x));
        }
        x.Next(x.Value.flatten(1)); // in the [C, H, W] order of the weights, whatever the layout
        x.Next(_dense.call(x));
        return x.Next(Activate(x));
    }

    public override string Export(OnnxGraphBuilder graph, string input) =>
        OnnxLayers.Linear(graph, ExportFeatures(graph, input), _output, "logits");

    /// <summary>ONNX nodes of <see cref="Features"/>.</summary>
    public string ExportFeatures(OnnxGraphBuilder graph, string input)
    {
        string x = graph.AddNode("Unsqueeze", [input, graph.AddInitializer("channel_axis", [1L], 1)], "with_channel");
        for (int i = 0; i < _convs.Length; i++)
        {
            x = OnnxLayers.Conv2d(graph, x, _convs[i], _padBefore[i], _padAfter[i], $"conv{i}");
            if (_norms[i] is { } norm && !_normLast) x = OnnxLayers.BatchNorm(graph, x, norm, $"norm{i}");
            x = OnnxLayers.Activation(graph, x, _activation, $"act{i}");
            if (_pools[i] > 1) x = OnnxLayers.MaxPool(graph, x, _pools[i], $"pool{i}");
            if (_norms[i] is { } lastNorm && _normLast) x = OnnxLayers.BatchNorm(graph, x, lastNorm, $"norm{i}");
        }
        x = graph.AddNode("Flatten", [x], "flat", OnnxAttribute.Int("axis", 1));
        return OnnxLayers.Activation(graph, OnnxLayers.Linear(graph, x, _dense, "dense"), _activation, "dense_act");
    }
}
