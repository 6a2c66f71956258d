using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Models;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines;

/// <summary>
/// A fitted AdaBoost-SAMME model. Each member (one tree or a forest) votes for the class with the largest summed
/// leaf distribution; the decision for class c is sum_m alpha_m (1 if member m votes c else -1/(K-1)) / sum alpha,
/// and the probabilities are softmax(decision / (K - 1)), as scikit-learn. In ONNX: one TreeEnsembleRegressor with
/// K targets per member, Reshape, ArgMax per member, OneHot with values (-1/(K-1), 1), weighted sum, Softmax.
/// Leaf distributions are summed, not averaged, so a forest of pure leaves counts whole votes and ties break the
/// same way (first class) in ONNX Runtime and here.
/// </summary>
public sealed class AdaBoostModel : IExportableModel, IStagedModel
{
    private readonly DecisionTree[][] _members;
    private readonly double[] _alphas;
    private readonly int _classes, _features;

    internal AdaBoostModel(DecisionTree[][] members, double[] alphas, int classes, int features, string description)
    {
        _members = members;
        _alphas = alphas;
        _classes = classes;
        _features = features;
        Description = description;
    }

    public string Description { get; }
    public int Stages => _members.Length;

    /// <summary>The class a member votes for: the argmax of its trees' summed leaf distributions (first on ties).</summary>
    internal static int Vote(DecisionTree[] trees, ReadOnlySpan<float> x, int classes)
    {
        Span<float> sum = stackalloc float[classes];
        sum.Clear();
        foreach (var tree in trees)
        {
            var leaf = tree.Evaluate(x);
            for (int c = 0; c < classes; c++) sum[c] += leaf[c];
        }
        int best = 0;
        for (int c = 1; c < classes; c++)
            if (sum[c] > sum[best]) best = c;
        return best;
    }

    public float[] PredictProbabilities(float[] features) => PredictProbabilities(features, _members.Length);

    public float[] PredictProbabilities(float[] features, int stages)
    {
        int count = Math.Min(stages, _members.Length);
        double other = -1.0 / (_classes - 1), total = _alphas.Take(count).Sum();
        var decision = new double[_classes];
        for (int m = 0; m < count; m++)
        {
            int vote = Vote(_members[m], features, _classes);
            for (int c = 0; c < _classes; c++) decision[c] += _alphas[m] * (c == vote ? 1 : other);
        }
        // Rounded to float first, as the graph's weighted sum is.
        return Softmax.Of(decision.Select(d => (double)(float)(d / total / (_classes - 1))).ToArray());
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        var graph = new OnnxGraphBuilder("adaboost");
        string input = graph.AddInput("features", DataType.Float, null, _features);
        int count = _members.Length;
        var trees = _members.SelectMany((trees, m) => trees.Select(t => new TreeEnsembleGraph.Member(t, 1.0, m * _classes))).ToArray();
        string scores = TreeEnsembleGraph.AddRegressor(graph, input, trees, count * _classes);
        string perMember = graph.AddNode("Reshape", [scores, graph.AddInitializer("member_shape", [0L, count, _classes], 3)], "member_scores");
        string votes = graph.AddNode("ArgMax", [perMember], "member_votes", OnnxAttribute.Int("axis", 2), OnnxAttribute.Int("keepdims", 0));
        string oneHot = graph.AddNode("OneHot", [votes, graph.AddInitializer("depth", [(long)_classes]),
            graph.AddInitializer("vote_values", [(float)(-1.0 / (_classes - 1)), 1f], 2)], "member_one_hot", OnnxAttribute.Int("axis", -1));
        double scale = _alphas.Sum() * (_classes - 1);
        var weights = _alphas.Select(a => (float)(a / scale)).ToArray();
        string weighted = graph.AddNode("Mul", [oneHot, graph.AddInitializer("member_weights", weights, 1, count, 1)], "weighted_votes");
        string decision = graph.AddNode("ReduceSum", [weighted, graph.AddInitializer("member_axis", [1L], 1)], "decision", OnnxAttribute.Int("keepdims", 0));
        OnnxClassifierHead.AddOutputs(graph, graph.AddNode("Softmax", [decision], "softmax", OnnxAttribute.Int("axis", 1)), metadata.Labels);
        return graph.Build(metadata, Description);
    }
}
