using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Onnx;

/// <summary>
/// The common end of every classifier graph: a probabilities value becomes the graph outputs
/// <c>probabilities float[N, C]</c> and <c>label string[N]</c> (the argmax class name).
/// </summary>
public static class OnnxClassifierHead
{
    public static void AddOutputs(OnnxGraphBuilder graph, string probabilities, IReadOnlyList<string> labels)
    {
        graph.ExposeAs(probabilities, OnnxScorer.ProbabilitiesOutput);
        string index = graph.AddNode("ArgMax", [probabilities], "label_index",
            OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
        string names = graph.AddInitializer("class_labels", labels.ToArray(), labels.Count);
        string label = graph.AddNode("Gather", [names, index], "label_name", OnnxAttribute.Int("axis", 0));
        graph.ExposeAs(label, OnnxScorer.LabelOutput);
        graph.AddOutput(OnnxScorer.ProbabilitiesOutput, DataType.Float, null, labels.Count);
        graph.AddOutput(OnnxScorer.LabelOutput, DataType.String, [null]);
    }
}
