using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
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
        { "lstm", "hidden=8;pooling=last" },
        { "lstm", "hidden=8;pooling=last;bidirectional=true" },
        { "cnn-small", "channels=8,4,4,4;block_order=conv-act-pool-bn" },
        { "bgru", "hidden=8" },
        { "mfcc-cnn", "channels=4,8;dense=16" },
        { "bgru-attention", "channels=4,4,4,4,4;hidden=8" },
        { "parallel-crnn", "channels=4,4,4,4,4;hidden=8" },
        { "songnet", "channels=8,8,8" },
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
            "bgru-attention" or "parallel-crnn" => TinyData.Matrices(3, 12, 32, 32, seed: 6),
            "songnet" => TinyData.Matrices(3, 12, 16, 24, seed: 7),
            _ => TinyData.Matrices(3, 12, 8, 10, seed: 4),
        };
        var values = new Dictionary<string, object> { ["epochs"] = 3L, ["batch_size"] = 8L, ["learning_rate"] = 0.01 };
        foreach (string pair in architectureParameters.Split(';'))
        {
            string[] kv = pair.Split('=');
            values[kv[0]] = kv[1];
        }
        var familyObject = DeepFamily.All.Single(f => f.Name == family);
        var model = (DeepModel)familyObject.Fit(table, TestOptions.Bind(familyObject, values), new FitContext(7));
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

    [Fact]
    public void Songnet_also_exports_per_step_probabilities_whose_mean_is_the_clip_result()
    {
        var table = TinyData.Matrices(3, 12, 16, 24, seed: 8);
        var songnet = TestOptions.Family("songnet");
        var model = (DeepModel)songnet.Fit(table, TestOptions.Bind(songnet, new Dictionary<string, object> { ["epochs"] = 2L, ["channels"] = "8,8,8" }), new FitContext(1));
        string path = Path.Combine(Path.GetTempPath(), $"songnet-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, [], "songnet", new Dictionary<string, string>())), path);
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(table.Rows.Take(2).SelectMany(r => r).ToArray(), [2, 16, 24]);
            using var outputs = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(), ["features"], [input], ["probabilities", Networks.SongNetwork.StepOutput]);
            float[] clip = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            float[] steps = outputs[1].GetTensorDataAsSpan<float>().ToArray();
            long[] shape = outputs[1].GetTensorTypeAndShape().Shape;
            Assert.Equal([2L, 3L, 3L], shape); // 24 frames halved three times = 3 steps, 3 classes
            for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(clip[n * 3 + c], Enumerable.Range(0, 3).Average(t => steps[(n * 3 + t) * 3 + c]), 1e-5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("bgru")]
    [InlineData("songnet")]
    public void Recurrent_and_songnet_graphs_accept_another_number_of_frames(string family)
    {
        var table = TinyData.Matrices(3, 12, 16, 24, seed: 9);
        var values = new Dictionary<string, object> { ["epochs"] = 1L };
        if (family == "songnet") values["channels"] = "8,8,8"; else values["hidden"] = 8L;
        var model = (DeepModel)TestOptions.Family(family).Fit(table, TestOptions.Bind(TestOptions.Family(family), values), new FitContext(1));
        string path = Path.Combine(Path.GetTempPath(), $"dyn-{family}-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, [], family, new Dictionary<string, string>())), path);
        try
        {
            using var scorer = OnnxScorer.Open(path);
            var longer = TinyData.Matrices(3, 2, 16, 40, seed: 10).Rows.Take(4).ToArray(); // 40 frames instead of 24
            float[][] onnx = scorer.PredictProbabilities(longer.SelectMany(r => r).ToArray(), [4, 16, 40]);
            float[][] torch = model.PredictBatch(longer, [16, 40]);
            double max = onnx.Zip(torch).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs(a - b))).Max();
            Assert.True(max <= 1e-4, $"{family} at 40 frames: max |ONNX - TorchSharp| = {max:E2}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Onnx_scoring_takes_the_passes_the_export_records()
    {
        var rows = TinyData.Matrices(3, 7, 16, 24, seed: 11).Rows.ToArray();
        var labels = new[] { "a", "b", "c" };
        DeepModel Model(int dense) => new(new Networks.ConvNetwork(16, 24, [4, 6], [3, 2], [2, 2], batchNorm: true, "relu", dense, dropout: 0, classes: 3),
            Standardizer.FitScalar(rows), [16, 24], [], "test");
        // 13,824 bytes of intermediates per item; dense 8: 5,396 bytes of weights (one item per Run), dense 512: 303,764 (22).
        foreach (var (dense, expected) in new[] { (8, 1), (512, 22) })
        {
            var model = Model(dense);
            string path = Path.Combine(Path.GetTempPath(), $"passes-{dense}-{Guid.NewGuid():N}.onnx");
            OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(labels, [], "cnn", new Dictionary<string, string>())), path);
            try
            {
                using var scorer = OnnxScorer.Open(path);
                Assert.Equal(expected, scorer.ItemsPerRun(32, 16 * 24));
                Assert.Equal(Math.Min(expected, 7), scorer.ItemsPerRun(7, 16 * 24)); // never more than there are
                // Split or not, the probabilities are TorchSharp's.
                float[][] onnx = scorer.PredictRows(rows, [16, 24]);
                float[][] torch = model.PredictBatch(rows);
                double max = onnx.Zip(torch).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs(a - b))).Max();
                Assert.True(max <= 1e-5, $"dense {dense}: max |ONNX - TorchSharp| = {max:E2}");
            }
            finally
            {
                File.Delete(path);
            }
        }
        // A recurrent net has no intermediate that batching must bound: no sizes recorded, batches bounded by input only.
        var table = TinyData.Matrices(3, 12, 16, 24, seed: 9);
        var bgru = (DeepModel)TestOptions.Family("bgru").Fit(table, TestOptions.Bind(TestOptions.Family("bgru"), new Dictionary<string, object> { ["epochs"] = 1L, ["hidden"] = 8L }), new FitContext(1));
        var proto = bgru.ToOnnx(new OnnxModelMetadata(table.ClassNames, [], "bgru", new Dictionary<string, string>()));
        Assert.DoesNotContain(proto.MetadataProps, p => p.Key == InferencePasses.IntermediateBytesKey);
    }
}
