using Microsoft.ML.Trainers.FastTree;
using MlNetGenre.Onnx;

namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Weighted regression trees that each add to one of several targets (a class, or a member's class):
/// target t = base[t] + sum of weight x leaf over its trees. Exported as one ai.onnx.ml TreeEnsembleRegressor.
/// </summary>
public sealed class TreeEnsemble
{
    private readonly List<(DecisionTree Tree, double Weight, int Target)> _trees = [];

    public TreeEnsemble(int targets) => BaseValues = new double[targets];

    public int Targets => BaseValues.Length;
    public double[] BaseValues { get; }

    /// <summary>Adds ML.NET's trained ensemble (trees, tree weights, bias) to <paramref name="target"/>.</summary>
    public void Add<T>(TreeEnsemble<T> ensemble, int target, double scale = 1.0) where T : RegressionTreeBase
    {
        BaseValues[target] += scale * ensemble.Bias;
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(f => f))
                throw new NotSupportedException("categorical tree splits cannot be exported; features here are numeric");
            _trees.Add((new DecisionTree(tree.NumericalSplitFeatureIndexes.ToArray(), tree.NumericalSplitThresholds.ToArray(),
                tree.LeftChild.ToArray(), tree.RightChild.ToArray(), tree.LeafValues.ToArray()), scale * ensemble.TreeWeights[t], target));
        }
    }

    public double[] Evaluate(ReadOnlySpan<float> x)
    {
        var scores = (double[])BaseValues.Clone();
        foreach (var (tree, weight, target) in _trees) scores[target] += weight * tree.Evaluate(x);
        return scores;
    }

    /// <summary>Adds a TreeEnsembleRegressor (SUM of weighted leaves plus base values) and returns its output [N, Targets].</summary>
    public string AddToGraph(OnnxGraphBuilder graph, string input)
    {
        var treeIds = new List<long>(); var nodeIds = new List<long>(); var featureIds = new List<long>(); var values = new List<float>();
        var modes = new List<string>(); var trueIds = new List<long>(); var falseIds = new List<long>();
        var targetTrees = new List<long>(); var targetNodes = new List<long>(); var targetIds = new List<long>(); var targetWeights = new List<float>();
        for (int t = 0; t < _trees.Count; t++)
        {
            var (tree, weight, target) = _trees[t];
            int internalNodes = tree.Features.Length;
            long Id(int child) => child < 0 ? internalNodes + ~child : child;
            for (int i = 0; i < internalNodes; i++)
            {
                treeIds.Add(t); nodeIds.Add(i); featureIds.Add(tree.Features[i]); values.Add(tree.Thresholds[i]);
                modes.Add("BRANCH_LEQ"); trueIds.Add(Id(tree.Left[i])); falseIds.Add(Id(tree.Right[i]));
            }
            for (int leaf = 0; leaf < tree.LeafValues.Length; leaf++)
            {
                long id = internalNodes + leaf;
                treeIds.Add(t); nodeIds.Add(id); featureIds.Add(0); values.Add(0); modes.Add("LEAF"); trueIds.Add(0); falseIds.Add(0);
                targetTrees.Add(t); targetNodes.Add(id); targetIds.Add(target); targetWeights.Add((float)(weight * tree.LeafValues[leaf]));
            }
        }
        return graph.AddNode("TreeEnsembleRegressor", [input], ["tree_scores"], OnnxGraphBuilder.MlDomain,
            OnnxAttribute.Int("n_targets", Targets),
            OnnxAttribute.String("aggregate_function", "SUM"),
            OnnxAttribute.Floats("base_values", BaseValues.Select(b => (float)b)),
            OnnxAttribute.Ints("nodes_treeids", treeIds), OnnxAttribute.Ints("nodes_nodeids", nodeIds),
            OnnxAttribute.Ints("nodes_featureids", featureIds), OnnxAttribute.Floats("nodes_values", values),
            OnnxAttribute.Strings("nodes_modes", modes), OnnxAttribute.Ints("nodes_truenodeids", trueIds),
            OnnxAttribute.Ints("nodes_falsenodeids", falseIds),
            OnnxAttribute.Ints("target_treeids", targetTrees), OnnxAttribute.Ints("target_nodeids", targetNodes),
            OnnxAttribute.Ints("target_ids", targetIds), OnnxAttribute.Floats("target_weights", targetWeights))[0];
    }
}
