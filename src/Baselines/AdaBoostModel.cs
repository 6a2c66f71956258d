using MlNetGenre.Baselines.Trees;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines;

/// <summary>
/// A fitted AdaBoost-SAMME model. Each member forest votes for its top class; as scikit-learn, the
/// decision for class c is sum_m alpha_m (1 if member m votes c else -1/(K-1)) / sum alpha, and the
/// probabilities are softmax(decision / (K-1)). In ONNX: one TreeEnsembleRegressor for all members,
/// Reshape, ArgMax per member, OneHot with values (-1/(K-1), 1), weighted sum, Softmax.
/// </summary>
public sealed class AdaBoostModel(Standardizer standardizer, TreeEnsemble ensemble, double[] alphas, int classCount, string description) : IExportableModel
{
    public int Members => alphas.Length;

    /// <summary>The class member <paramref name="member"/> votes for: the argmax of its per-class scores.</summary>
    public static int MemberVote(double[] scores, int member, int classes)
    {
        int best = 0;
        for (int c = 1; c < classes; c++)
            if ((float)scores[member * classes + c] > (float)scores[member * classes + best]) best = c;
        return best;
    }

    public float[] PredictProbabilities(float[] features)
    {
        double[] scores = ensemble.Evaluate(standardizer.Transform(features));
        double other = -1.0 / (classCount - 1), total = alphas.Sum();
        var decision = new double[classCount];
        for (int m = 0; m < alphas.Length; m++)
        {
            int vote = MemberVote(scores, m, classCount);
            for (int c = 0; c < classCount; c++) decision[c] += alphas[m] * (c == vote ? 1 : other);
        }
        return TreeClassifierModel.Map(decision.Select(d => d / total / (classCount - 1)).ToArray(), ScoreMapping.Softmax);
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        var graph = new OnnxGraphBuilder("adaboost");
        string input = graph.AddInput("features", DataType.Float, null, standardizer.Means.Length);
        string scores = ensemble.AddToGraph(graph, standardizer.AddToGraph(graph, input));
        int allMembers = ensemble.Targets / classCount;
        string perMember = graph.AddNode("Reshape", [scores, graph.AddInitializer("member_shape", [0L, allMembers, classCount], 3)], "member_scores");
        string votes = graph.AddNode("ArgMax", [perMember], "member_votes", OnnxAttribute.Int("axis", 2), OnnxAttribute.Int("keepdims", 0));
        string oneHot = graph.AddNode("OneHot", [votes, graph.AddInitializer("depth", [(long)classCount]),
            graph.AddInitializer("vote_values", [(float)(-1.0 / (classCount - 1)), 1f], 2)], "member_one_hot", OnnxAttribute.Int("axis", -1));
        // Members dropped at fit time have weight 0; weights are pre-divided by sum(alpha) * (K - 1).
        double scale = alphas.Sum() * (classCount - 1);
        var weights = Enumerable.Range(0, allMembers).Select(m => m < alphas.Length ? (float)(alphas[m] / scale) : 0f).ToArray();
        string weighted = graph.AddNode("Mul", [oneHot, graph.AddInitializer("member_weights", weights, 1, allMembers, 1)], "weighted_votes");
        string decision = graph.AddNode("ReduceSum", [weighted, graph.AddInitializer("member_axis", [1L], 1)], "decision", OnnxAttribute.Int("keepdims", 0));
        OnnxClassifierHead.AddOutputs(graph, graph.AddNode("Softmax", [decision], "softmax", OnnxAttribute.Int("axis", 1)), metadata.Labels);
        return graph.Build(metadata, description);
    }
}
