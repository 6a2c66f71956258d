using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Testing;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>Every architecture trains a few epochs on a tiny input and exports to ONNX that ONNX Runtime runs exactly as TorchSharp.</summary>
public class ArchitectureExportTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "mlp", "hidden=16,8" },
        { "cnn", "channels=4,4,4,4,4" },
        { "cnn-bn", "channels=4,4,4,4,4" },
        { "cnn-small", "channels=8,4,4,4;activation=selu" },
        { "lstm", "hidden=8" },
        { "bgru", "hidden=8" },
        { "mfcc-cnn", "channels=4,8;dense=16" },
        { "alexnet-mfcc", "channels=4,4,4,4,4;dense=16" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_matches_torchsharp_for_batch_1_and_8(string family, string architectureParameters)
    {
        FeatureTable table = family switch
        {
            "mlp" => TinyData.Vectors(3, 16, 6, seed: 1),
            "cnn" or "cnn-bn" => TinyData.Matrices(3, 12, 32, 32, seed: 2),
            "cnn-small" => TinyData.Matrices(3, 12, 16, 16, seed: 3),
            "mfcc-cnn" or "alexnet-mfcc" => TinyData.Matrices(3, 12, 13, 40, seed: 5),
            _ => TinyData.Matrices(3, 12, 8, 10, seed: 4),
        };
        var values = new Dictionary<string, object> { ["epochs"] = 3L, ["batch_size"] = 8L, ["learning_rate"] = 0.01 };
        foreach (string pair in architectureParameters.Split(';'))
        {
            string[] kv = pair.Split('=');
            values[kv[0]] = kv[1];
        }
        var familyObject = DeepFamily.All.Single(f => f.Name == family);
        var model = (DeepModel)familyObject.Fit(table, new HyperParameters(values), new FitContext(7));
        Assert.Equal(3, model.History.Count);

        string path = Path.Combine(Path.GetTempPath(), $"{family}-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family, new Dictionary<string, string>())), path);
        try
        {
            if (OnnxChecker.Available) Assert.Null(OnnxChecker.Check(path));
            using var scorer = OnnxScorer.Open(path);
            long[] shape = [0, .. table.ItemShape.Select(d => (long)d)];
            foreach (int batch in new[] { 1, 8 })
            {
                var rows = table.Rows.Take(batch).ToArray();
                shape[0] = batch;
                float[][] onnx = scorer.PredictProbabilities(rows.SelectMany(r => r).ToArray(), shape);
                float[][] torch = model.PredictBatch(rows);
                double maxDifference = onnx.Zip(torch).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs(a - b))).Max();
                Assert.True(maxDifference <= 1e-4, $"{family} batch {batch}: max |ONNX - TorchSharp| = {maxDifference:E2}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
