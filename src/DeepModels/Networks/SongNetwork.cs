using MlNetGenre.DeepModels.Export;
using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// Seed 004's SongNet C-RNN over a [mels, frames] input: 3 x [Conv1d over time, ReLU, MaxPool1d 2, dropout],
/// then a time-distributed dense layer with a softmax per time step; the clip's probabilities are the mean
/// over time. The network returns log(mean probabilities) as logits (softmax of them gives the mean back),
/// and the ONNX graph also outputs <c>step_probabilities float[N, T', C]</c> for real-time tracking.
/// </summary>
public sealed class SongNetwork : Network
{
    public const string StepOutput = OnnxScorer.StepProbabilitiesOutput;

    private readonly TorchSharp.Modules.Conv1d[] _convs;
    private readonly nn.Module<Tensor, Tensor> _step;
    private readonly int _kernel;
    private readonly double _dropout;
    private readonly int _classes;

    public SongNetwork(int bins, int frames, IReadOnlyList<int> channels, int kernel, double dropout, int classes) : base("songnet")
    {
        _kernel = kernel;
        _dropout = dropout;
        _classes = classes;
        _convs = new TorchSharp.Modules.Conv1d[channels.Count];
        long input = bins, t = frames;
        for (int i = 0; i < channels.Count; i++)
        {
            _convs[i] = nn.Conv1d(input, channels[i], kernel, padding: (kernel - 1) / 2);
            register_module($"conv{i}", _convs[i]);
            t = (t + 2 * ((kernel - 1) / 2) - kernel + 1) / 2;
            if (t < 1) throw new ArgumentException($"songnet: {frames} frames are too few for {channels.Count} conv/pool blocks; use longer clips");
            input = channels[i];
        }
        _step = nn.Linear(input, classes);
        register_module("step", _step);
    }

    public override Tensor forward(Tensor input)
    {
        var x = new Intermediate(input);
        foreach (var conv in _convs)
        {
            x.Next(conv.call(x));
            x.Next(nn.functional.relu(x));
            x.Next(MaxPooling.Pool1d(x, 2));
            if (_dropout > 0) x.Next(nn.functional.dropout(x, _dropout, training));
        }
        var steps = nn.functional.softmax(_step.call(x.Value.permute(0, 2, 1)), 2); // [N, T', C]
        using var floor = 1e-12.ToScalar(); // held until libtorch has read it (see ScalarSafeOptimizers)
        return steps.mean([1]).clamp_min(floor).log();
    }

    public override bool DynamicTime => true;

    public override string Export(OnnxGraphBuilder graph, string input)
    {
        string x = input;
        long pad = (_kernel - 1) / 2;
        for (int i = 0; i < _convs.Length; i++)
        {
            string w = graph.AddInitializer($"conv{i}_weight", OnnxLayers.Values(_convs[i].weight), OnnxLayers.Dims(_convs[i].weight));
            string b = graph.AddInitializer($"conv{i}_bias", OnnxLayers.Values(_convs[i].bias!), OnnxLayers.Dims(_convs[i].bias!));
            x = graph.AddNode("Conv", [x, w, b], $"conv{i}", OnnxAttribute.Ints("kernel_shape", [_kernel]), OnnxAttribute.Ints("pads", [pad, pad]));
            x = graph.AddNode("MaxPool", [graph.AddNode("Relu", [x], $"relu{i}")], $"pool{i}", OnnxAttribute.Ints("kernel_shape", [2]), OnnxAttribute.Ints("strides", [2]));
        }
        var linear = (TorchSharp.Modules.Linear)_step;
        string stepsInput = graph.AddNode("Transpose", [x], "steps_in", OnnxAttribute.Ints("perm", [0, 2, 1]));          // [N, T', C_in]
        string weightT = graph.AddInitializer("step_weight_t", Transposed(linear.weight), linear.weight.shape[1], linear.weight.shape[0]);
        string logits = graph.AddNode("Add", [graph.AddNode("MatMul", [stepsInput, weightT], "step_matmul"),
            graph.AddInitializer("step_bias", OnnxLayers.Values(linear.bias!), OnnxLayers.Dims(linear.bias!))], "step_logits");
        string steps = graph.AddNode("Softmax", [logits], "steps", OnnxAttribute.Int("axis", 2));
        graph.ExposeAs(steps, StepOutput);
        graph.AddOutput(StepOutput, DataType.Float, null, null, _classes); // steps follow the (dynamic) number of frames
        string mean = graph.AddNode("ReduceMean", [steps], "step_mean", OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 0));
        string clamped = graph.AddNode("Max", [mean, graph.AddInitializer("tiny", [1e-12f])], "clamped");
        return graph.AddNode("Log", [clamped], "log_mean");
    }

    private static float[] Transposed(Tensor weight)
    {
        float[] values = OnnxLayers.Values(weight);
        int rows = (int)weight.shape[0], columns = (int)weight.shape[1];
        var result = new float[values.Length];
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++) result[c * rows + r] = values[r * columns + c];
        return result;
    }
}
