using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// A classifier made of one tree ensemble per class on standardised features (random forest, boosting):
/// per-class scores mapped to probabilities. The ONNX graph is Sub/Div -> TreeEnsembleRegressor -> the
/// same mapping, so ONNX Runtime and <see cref="PredictProbabilities"/> compute the same thing.
/// </summary>
public sealed class TreeClassifierModel(Standardizer standardizer, TreeEnsemble ensemble, ScoreMapping mapping, string description) : IExportableModel
{
    private const float Epsilon = 1e-9f;

    public TreeEnsemble Ensemble => ensemble;

    public float[] PredictProbabilities(float[] features) => Map(ensemble.Evaluate(standardizer.Transform(features)), mapping);

    internal static float[] Map(double[] scores, ScoreMapping mapping)
    {
        var p = new float[scores.Length];
        if (mapping == ScoreMapping.Softmax)
        {
            float[] s = scores.Select(v => (float)v).ToArray();
            float max = s.Max();
            double total = s.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < p.Length; c++) p[c] = (float)(Math.Exp(s[c] - max) / total);
            return p;
        }
        float[] q = scores.Select(v => Math.Clamp((float)v * 0.5f + 0.5f, 0f, 1f) + Epsilon).ToArray();
        float sum = q.Sum();
        for (int c = 0; c < p.Length; c++) p[c] = q[c] / sum;
        return p;
    }

    /// <summary>Adds the mapping of a [N, C] score value to probabilities.</summary>
    internal static string MapInGraph(OnnxGraphBuilder graph, string scores, ScoreMapping mapping)
    {
        if (mapping == ScoreMapping.Softmax) return graph.AddNode("Softmax", [scores], "probabilities_raw", OnnxAttribute.Int("axis", 1));
        string half = graph.AddInitializer("half", [0.5f]);
        string zero = graph.AddInitializer("zero", [0f]);
        string one = graph.AddInitializer("one", [1f]);
        string epsilon = graph.AddInitializer("epsilon", [Epsilon]);
        string axis = graph.AddInitializer("class_axis", [1L], 1);
        string shifted = graph.AddNode("Add", [graph.AddNode("Mul", [scores, half], "scaled"), half], "shifted");
        string q = graph.AddNode("Add", [graph.AddNode("Clip", [shifted, zero, one], "clipped"), epsilon], "votes");
        string total = graph.AddNode("ReduceSum", [q, axis], "vote_total", OnnxAttribute.Int("keepdims", 1));
        return graph.AddNode("Div", [q, total], "vote_share");
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        var graph = new OnnxGraphBuilder("tree_classifier");
        string input = graph.AddInput("features", DataType.Float, null, standardizer.Means.Length);
        string scores = ensemble.AddToGraph(graph, standardizer.AddToGraph(graph, input));
        OnnxClassifierHead.AddOutputs(graph, MapInGraph(graph, scores, mapping), metadata.Labels);
        return graph.Build(metadata, description);
    }
}
