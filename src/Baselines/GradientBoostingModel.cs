using MlNetGenre.Baselines.Trees;
using MlNetGenre.Core.Models;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Baselines;

/// <summary>A fitted multinomial boosting model: softmax(initial + sum over rounds of each class's tree), on raw features.</summary>
public sealed class GradientBoostingModel : IExportableModel, IStagedModel
{
    private readonly DecisionTree[][] _rounds;
    private readonly double[] _initial;
    private readonly int _features;

    internal GradientBoostingModel(DecisionTree[][] rounds, double[] initial, int features, string description)
    {
        _rounds = rounds;
        _initial = initial;
        _features = features;
        Description = description;
    }

    public string Description { get; }
    public int Stages => _rounds.Length;

    public float[] PredictProbabilities(float[] features) => PredictProbabilities(features, _rounds.Length);

    public float[] PredictProbabilities(float[] features, int stages)
    {
        var scores = (double[])_initial.Clone();
        for (int r = 0; r < Math.Min(stages, _rounds.Length); r++)
            for (int c = 0; c < scores.Length; c++) scores[c] += _rounds[r][c].Evaluate(features)[0];
        return Softmax.Of(scores);
    }

    public ModelProto ToOnnx(OnnxModelMetadata metadata)
    {
        var graph = new OnnxGraphBuilder("gradient_boosting");
        string input = graph.AddInput("features", DataType.Float, null, _features);
        var members = _rounds.SelectMany(trees => trees.Select((tree, c) => new TreeEnsembleGraph.Member(tree, 1.0, c))).ToArray();
        string probabilities = TreeEnsembleGraph.AddClassifier(graph, input, members, _initial.Length, _initial, "SOFTMAX");
        OnnxClassifierHead.AddOutputs(graph, probabilities, metadata.Labels);
        return graph.Build(metadata, Description);
    }
}
