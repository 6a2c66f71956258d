using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Models;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines;

/// <summary>A fitted random forest: the mean of its trees' leaf class distributions, on raw features (trees need no scaling).</summary>
public sealed class RandomForestModel : IExportableModel, IStagedModel
{
    private readonly DecisionTree[] _trees;
    private readonly int _classes, _features;

    internal RandomForestModel(DecisionTree[] trees, int classes, int features, string description)
    {
        _trees = trees;
        _classes = classes;
        _features = features;
        Description = description;
    }

    public string Description { get; }
    public int Stages => _trees.Length;

    public float[] PredictProbabilities(float[] features) => PredictProbabilities(features, _trees.Length);

    public float[] PredictProbabilities(float[] features, int stages) => MeanDistribution(_trees, Math.Min(stages, _trees.Length), features, _classes);

    /// <summary>The mean over the first <paramref name="count"/> trees of the leaf distribution <paramref name="x"/> reaches.</summary>
    internal static float[] MeanDistribution(DecisionTree[] trees, int count, ReadOnlySpan<float> x, int classes)
    {
        var sum = new double[classes];
        for (int t = 0; t < count; t++)
        {
            var leaf = trees[t].Evaluate(x);
            for (int c = 0; c < classes; c++) sum[c] += leaf[c];
        }
        var p = new float[classes];
        for (int c = 0; c < classes; c++) p[c] = (float)(sum[c] / count);
        return p;
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        var graph = new OnnxGraphBuilder("random_forest");
        string input = graph.AddInput("features", DataType.Float, null, _features);
        double weight = 1.0 / _trees.Length;
        string probabilities = TreeEnsembleGraph.AddClassifier(graph, input, _trees.Select(t => new TreeEnsembleGraph.Member(t, weight, 0)).ToArray(),
            _classes, null, "NONE");
        OnnxClassifierHead.AddOutputs(graph, probabilities, metadata.Labels);
        return graph.Build(metadata, Description);
    }
}
