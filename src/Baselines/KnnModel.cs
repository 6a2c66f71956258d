using MlNetGenre.Core.Models;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines;

/// <summary>
/// A fitted kNN: the standardised training set and its labels. Probabilities are the (weighted) share of
/// each class among the k nearest training rows. The ONNX graph uses standard operators only: squared
/// distances query by query (Scan), TopK, a gather of one-hot labels and a weighted sum.
/// </summary>
public sealed class KnnModel(Standardizer standardizer, float[][] training, int[] labels, int classCount, int k, bool distanceWeights, string description) : IExportableModel
{
    public string Description => description;

    public float[] PredictProbabilities(float[] features)
    {
        float[] x = standardizer.Transform(features);
        var distances = new float[training.Length];
        for (int i = 0; i < training.Length; i++)
        {
            float sum = 0;
            for (int j = 0; j < x.Length; j++)
            {
                float d = x[j] - training[i][j];
                sum += d * d;
            }
            distances[i] = sum;
        }
        // Stable order: nearest first, ties by training index (as ONNX TopK with sorted output).
        int[] nearest = Enumerable.Range(0, training.Length).OrderBy(i => distances[i]).ThenBy(i => i).Take(k).ToArray();
        float[] weights = Weights(nearest.Select(i => MathF.Sqrt(distances[i])).ToArray());
        var votes = new float[classCount];
        for (int n = 0; n < nearest.Length; n++) votes[labels[nearest[n]]] += weights[n];
        float total = votes.Sum();
        return votes.Select(v => v / total).ToArray();
    }

    /// <summary>1 each (uniform), or 1/d with exact matches (d = 0) taking all the weight, as scikit-learn.</summary>
    private float[] Weights(float[] distances)
    {
        if (!distanceWeights) return distances.Select(_ => 1f).ToArray();
        if (distances.Any(d => d == 0)) return distances.Select(d => d == 0 ? 1f : 0f).ToArray();
        return distances.Select(d => 1f / d).ToArray();
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        int features = standardizer.Means.Length;
        var graph = new OnnxGraphBuilder("knn");
        string input = graph.AddInput("features", DataType.Float, null, features);
        string x = standardizer.AddToGraph(graph, input);
        string table = graph.AddInitializer("training_rows", training.SelectMany(r => r).ToArray(), training.Length, features);   // [M, F]
        string distances = SquaredDistances(graph, x, table, training.Length, features);                           // [N, M]
        string[] top = graph.AddNode("TopK", [distances, graph.AddInitializer("k", [(long)k], 1)], ["nearest_distances", "nearest"], "",
            OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("largest", 0), OnnxAttribute.Int("sorted", 1));
        var oneHot = new float[training.Length * classCount];
        for (int i = 0; i < training.Length; i++) oneHot[i * classCount + labels[i]] = 1;
        string labelRows = graph.AddInitializer("one_hot_labels", oneHot, training.Length, classCount);
        string neighbourLabels = graph.AddNode("Gather", [labelRows, top[1]], "neighbour_labels", OnnxAttribute.Int("axis", 0)); // [N, k, C]
        string weights = distanceWeights ? DistanceWeights(graph, top[0]) : graph.AddNode("Mul", [top[0], graph.AddInitializer("zero", [0f])], "zeros");
        if (!distanceWeights) weights = graph.AddNode("Add", [weights, graph.AddInitializer("one", [1f])], "uniform_weights");
        string weighted = graph.AddNode("Mul", [neighbourLabels, graph.AddNode("Unsqueeze", [weights, graph.AddInitializer("axis_w", [2L], 1)], "weights3")], "weighted");
        string votes = graph.AddNode("ReduceSum", [weighted, graph.AddInitializer("axis_k", [1L], 1)], "votes", OnnxAttribute.Int("keepdims", 0)); // [N, C]
        string total = graph.AddNode("ReduceSum", [votes, graph.AddInitializer("axis_c", [1L], 1)], "vote_total", OnnxAttribute.Int("keepdims", 1));
        OnnxClassifierHead.AddOutputs(graph, graph.AddNode("Div", [votes, total], "vote_share"), metadata.Labels);
        return graph.Build(metadata, description);
    }

    /// <summary>
    /// The squared distance of each query to each training row, one query at a time (a Scan over the batch):
    /// [M, F] differences at once instead of the [N, M, F] that broadcasting the whole batch would need, which
    /// for a batch of 256 queries against 10,000 clips of 57 features is 580 MB. Each query's arithmetic is
    /// that of <see cref="PredictProbabilities"/>: differences, squares, a sum over the features.
    /// </summary>
    private static string SquaredDistances(OnnxGraphBuilder graph, string queries, string table, int rows, int features)
    {
        string featureAxis = graph.AddInitializer("feature_axis", [1L], 1);
        var body = graph.Subgraph("distances_of_one_query");
        string query = body.AddInput("query", DataType.Float, features);                                              // [F]
        string difference = body.AddNode("Sub", [query, table], "difference");                                         // [M, F]
        string squared = body.AddNode("Mul", [difference, difference], "squared");
        string distances = body.AddNode("ReduceSum", [squared, featureAxis], "query_squared_distances", OnnxAttribute.Int("keepdims", 0)); // [M]
        body.AddOutput(distances, DataType.Float, rows);
        return graph.AddNode("Scan", [queries], "squared_distances",
            OnnxAttribute.Int("num_scan_inputs", 1), OnnxAttribute.Graph("body", body.Graph));
    }

    /// <summary>1/d, or, in a row with an exact match, 1 for the matches and 0 elsewhere.</summary>
    private static string DistanceWeights(OnnxGraphBuilder graph, string squaredDistances)
    {
        string distance = graph.AddNode("Sqrt", [squaredDistances], "distances");
        string zero = graph.AddInitializer("zero", [0f]);
        string isZero = graph.AddNode("Equal", [distance, zero], "is_exact");
        string isZeroFloat = graph.AddNode("Cast", [isZero], "is_exact_float", OnnxAttribute.Int("to", (long)DataType.Float));
        string anyZero = graph.AddNode("ReduceMax", [isZeroFloat], "any_exact", OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        string rowHasExact = graph.AddNode("Greater", [anyZero, graph.AddInitializer("half", [0.5f])], "row_has_exact");
        string inverse = graph.AddNode("Div", [graph.AddInitializer("one_w", [1f]), distance], "inverse_distances");
        return graph.AddNode("Where", [rowHasExact, isZeroFloat, inverse], "distance_weights");
    }
}
