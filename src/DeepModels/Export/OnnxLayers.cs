using MlNetGenre.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Export;

/// <summary>ONNX nodes for TorchSharp layers, from their weights (float32, row-major).</summary>
public static class OnnxLayers
{
    public static float[] Values(Tensor tensor) => tensor.detach().cpu().contiguous().data<float>().ToArray();

    public static long[] Dims(Tensor tensor) => tensor.shape;

    public static string Linear(OnnxGraphBuilder graph, string input, nn.Module<Tensor, Tensor> layer, string name)
    {
        var linear = (TorchSharp.Modules.Linear)layer;
        string w = graph.AddInitializer(name + "_weight", Values(linear.weight), Dims(linear.weight));
        string b = graph.AddInitializer(name + "_bias", Values(linear.bias!), Dims(linear.bias!));
        return graph.AddNode("Gemm", [input, w, b], name, OnnxAttribute.Int("transB", 1));
    }

    /// <summary>A stride-1 Conv with <paramref name="before"/> zeros above and left, <paramref name="after"/> below and right.</summary>
    public static string Conv2d(OnnxGraphBuilder graph, string input, TorchSharp.Modules.Conv2d conv, long before, long after, string name)
    {
        string w = graph.AddInitializer(name + "_weight", Values(conv.weight), Dims(conv.weight));
        string b = graph.AddInitializer(name + "_bias", Values(conv.bias!), Dims(conv.bias!));
        long kh = conv.weight.shape[2], kw = conv.weight.shape[3];
        return graph.AddNode("Conv", [input, w, b], name, OnnxAttribute.Ints("kernel_shape", [kh, kw]),
            OnnxAttribute.Ints("pads", [before, before, after, after]), OnnxAttribute.Ints("strides", [1, 1]));
    }

    public static string BatchNorm(OnnxGraphBuilder graph, string input, TorchSharp.Modules.BatchNorm2d bn, string name)
    {
        string scale = graph.AddInitializer(name + "_scale", Values(bn.weight!), Dims(bn.weight!));
        string bias = graph.AddInitializer(name + "_bias", Values(bn.bias!), Dims(bn.bias!));
        string mean = graph.AddInitializer(name + "_mean", Values(bn.running_mean!), Dims(bn.running_mean!));
        string variance = graph.AddInitializer(name + "_var", Values(bn.running_var!), Dims(bn.running_var!));
        return graph.AddNode("BatchNormalization", [input, scale, bias, mean, variance], name, OnnxAttribute.Float("epsilon", 1e-5f));
    }

    public static string MaxPool(OnnxGraphBuilder graph, string input, long kernel, string name) =>
        graph.AddNode("MaxPool", [input], name, OnnxAttribute.Ints("kernel_shape", [kernel, kernel]), OnnxAttribute.Ints("strides", [kernel, kernel]));

    public static string Activation(OnnxGraphBuilder graph, string input, string activation, string name) =>
        graph.AddNode(activation == "selu" ? "Selu" : "Relu", [input], name);
}
