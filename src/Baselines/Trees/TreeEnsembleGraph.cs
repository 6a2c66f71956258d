using MlNetGenre.Onnx;

namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Writes trees as one ai.onnx.ml tree-ensemble node. Each tree adds its leaf values, times a weight, to targets:
/// a classification tree (leaves of width K) to every class, a boosting tree (width 1) to its own class.
/// </summary>
internal static class TreeEnsembleGraph
{
    /// <param name="Target">The class a width-1 tree adds to; ignored for width-K trees (whose value c goes to target offset + c).</param>
    public sealed record Member(DecisionTree Tree, double Weight, int Target);

    /// <summary>
    /// A TreeEnsembleClassifier; returns its scores output [N, classes] (probabilities after <paramref name="postTransform"/>).
    /// With two classes ONNX Runtime gives the classifier binary semantics (one score, the other derived from it), so a
    /// two-class ensemble is written as a TreeEnsembleRegressor with two targets and the same post transform instead.
    /// </summary>
    public static string AddClassifier(OnnxGraphBuilder graph, string input, IReadOnlyList<Member> members, int classes, IReadOnlyList<double>? baseValues,
        string postTransform, string name = "trees")
    {
        if (classes == 2) return AddRegressor(graph, input, members, classes, name, baseValues, postTransform);
        var nodes = Nodes(members);
        var leaves = Leaves(members);
        var attributes = new List<Onnx.Proto.AttributeProto>(nodes)
        {
            OnnxAttribute.Ints("class_treeids", leaves.Trees), OnnxAttribute.Ints("class_nodeids", leaves.Nodes),
            OnnxAttribute.Ints("class_ids", leaves.Targets.Select(t => (long)t)), OnnxAttribute.Floats("class_weights", leaves.Weights),
            OnnxAttribute.Ints("classlabels_int64s", Enumerable.Range(0, classes).Select(c => (long)c)),
            OnnxAttribute.String("post_transform", postTransform),
        };
        if (baseValues is not null) attributes.Add(OnnxAttribute.Floats("base_values", baseValues.Select(v => (float)v)));
        return graph.AddNode("TreeEnsembleClassifier", [input], [$"{name}_label", $"{name}_scores"], OnnxGraphBuilder.MlDomain, [.. attributes])[1];
    }

    /// <summary>A TreeEnsembleRegressor summing into <paramref name="targets"/> outputs; returns [N, targets].</summary>
    public static string AddRegressor(OnnxGraphBuilder graph, string input, IReadOnlyList<Member> members, int targets, string name = "trees",
        IReadOnlyList<double>? baseValues = null, string postTransform = "NONE")
    {
        var leaves = Leaves(members);
        var attributes = new List<Onnx.Proto.AttributeProto>(Nodes(members))
        {
            OnnxAttribute.Ints("target_treeids", leaves.Trees), OnnxAttribute.Ints("target_nodeids", leaves.Nodes),
            OnnxAttribute.Ints("target_ids", leaves.Targets.Select(t => (long)t)), OnnxAttribute.Floats("target_weights", leaves.Weights),
            OnnxAttribute.Int("n_targets", targets), OnnxAttribute.String("aggregate_function", "SUM"), OnnxAttribute.String("post_transform", postTransform),
        };
        if (baseValues is not null) attributes.Add(OnnxAttribute.Floats("base_values", baseValues.Select(v => (float)v)));
        return graph.AddNode("TreeEnsembleRegressor", [input], [$"{name}_scores"], OnnxGraphBuilder.MlDomain, [.. attributes])[0];
    }

    private static Onnx.Proto.AttributeProto[] Nodes(IReadOnlyList<Member> members)
    {
        var treeIds = new List<long>(); var nodeIds = new List<long>(); var featureIds = new List<long>(); var values = new List<float>();
        var modes = new List<string>(); var trueIds = new List<long>(); var falseIds = new List<long>();
        for (int t = 0; t < members.Count; t++)
        {
            var tree = members[t].Tree;
            for (int node = 0; node < tree.Nodes; node++)
            {
                bool leaf = tree.IsLeaf(node);
                treeIds.Add(t); nodeIds.Add(node); featureIds.Add(leaf ? 0 : tree.Feature[node]); values.Add(leaf ? 0 : tree.Threshold[node]);
                modes.Add(leaf ? "LEAF" : "BRANCH_LEQ"); trueIds.Add(leaf ? 0 : tree.Left[node]); falseIds.Add(leaf ? 0 : tree.Right[node]);
            }
        }
        return
        [
            OnnxAttribute.Ints("nodes_treeids", treeIds), OnnxAttribute.Ints("nodes_nodeids", nodeIds), OnnxAttribute.Ints("nodes_featureids", featureIds),
            OnnxAttribute.Floats("nodes_values", values), OnnxAttribute.Strings("nodes_modes", modes),
            OnnxAttribute.Ints("nodes_truenodeids", trueIds), OnnxAttribute.Ints("nodes_falsenodeids", falseIds),
        ];
    }

    private sealed class LeafWeights
    {
        public List<long> Trees { get; } = [];
        public List<long> Nodes { get; } = [];
        public List<int> Targets { get; } = [];
        public List<float> Weights { get; } = [];

        public void Add(long tree, long node, int target, float weight)
        {
            Trees.Add(tree); Nodes.Add(node); Targets.Add(target); Weights.Add(weight);
        }
    }

    /// <summary>Every non-zero leaf value times its tree's weight, as (tree, node, target, weight).</summary>
    private static LeafWeights Leaves(IReadOnlyList<Member> members)
    {
        var leaves = new LeafWeights();
        for (int t = 0; t < members.Count; t++)
        {
            var (tree, weight, target) = members[t];
            for (int node = 0; node < tree.Nodes; node++)
            {
                if (!tree.IsLeaf(node)) continue;
                for (int k = 0; k < tree.Width; k++)
                {
                    float value = (float)(weight * tree.Values[tree.ValueOffset[node] + k]);
                    if (value != 0) leaves.Add(t, node, tree.Width == 1 ? target : target + k, value);
                }
            }
        }
        return leaves;
    }
}
