using MlNetGenre.Core.Models;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines.Linear;

/// <summary>
/// A fitted linear classifier: softmax(W · standardise(x) + b). Logistic regression's probabilities; for the linear
/// SVM, the softmax of its decision values (ranked like them, not calibrated probabilities).
/// </summary>
public sealed class LinearSoftmaxModel : IExportableModel
{
    private readonly string _graphName;

    internal LinearSoftmaxModel(Standardizer standardizer, float[] weights, float[] biases, int classCount, int featureCount, string description, string graphName)
    {
        _graphName = graphName;
        Description = description;
        Standardizer = standardizer;
        Weights = weights;
        Biases = biases;
        ClassCount = classCount;
        FeatureCount = featureCount;
    }

    public Standardizer Standardizer { get; }
    /// <summary>Row-major [class, feature] weights on standardised features.</summary>
    public float[] Weights { get; }
    public float[] Biases { get; }
    public int ClassCount { get; }
    public int FeatureCount { get; }

    public string Description { get; }

    public float[] PredictProbabilities(float[] features)
    {
        float[] x = Standardizer.Transform(features);
        var logits = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            double sum = Biases[c];
            for (int j = 0; j < FeatureCount; j++) sum += Weights[c * FeatureCount + j] * x[j];
            logits[c] = sum;
        }
        return Softmax.Of(logits);
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        var graph = new OnnxGraphBuilder(_graphName);
        string input = graph.AddInput("features", DataType.Float, null, FeatureCount);
        string x = Standardizer.AddToGraph(graph, input);
        string w = graph.AddInitializer("weights", Weights, ClassCount, FeatureCount);
        string b = graph.AddInitializer("biases", Biases, ClassCount);
        string logits = graph.AddNode("Gemm", [x, w, b], "logits", OnnxAttribute.Int("transB", 1));
        string probabilities = graph.AddNode("Softmax", [logits], "softmax", OnnxAttribute.Int("axis", 1));
        OnnxClassifierHead.AddOutputs(graph, probabilities, metadata.Labels);
        return graph.Build(metadata, Description);
    }
}
