using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Testing;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>Export parity on real log-mel spectrograms of shared GTZAN tracks, not only on random inputs.</summary>
public class RealSpectrogramParityTests
{
    [SharedDataFact]
    public void Cnn_and_bgru_match_onnx_runtime_on_real_gtzan_log_mels()
    {
        string root = SharedData.PathOf("gtzan16k");
        var set = FeatureSetKinds.Create("logmel", 16000, 32000, ("n_mels", "32"));
        var rows = new List<float[]>();
        var labels = new List<int>();
        string[] genres = ["blues", "metal"];
        for (int g = 0; g < genres.Length; g++)
        foreach (string file in Directory.GetFiles(Path.Combine(root, genres[g])).Order().Take(2))
        {
            var audio = WavReader.Read(file);
            for (int clip = 0; clip < 4; clip++)
            {
                rows.Add(set.Extract(new AudioSignal(audio.Samples.AsSpan(clip * 32000, 32000).ToArray(), 16000)));
                labels.Add(g);
            }
        }
        var ids = rows.Select((_, i) => $"clip{i}").ToArray();
        var table = new FeatureTable(rows, labels, ids, ids, genres, []) { ItemShape = set.Shape.ToArray() };
        foreach (var (family, parameters) in new[] { ("cnn-small", "8,8,8,8"), ("bgru", "") })
        {
            var values = new Dictionary<string, object> { ["epochs"] = 2L, ["batch_size"] = 4L };
            if (family == "cnn-small") values["channels"] = parameters; else values["hidden"] = 8L;
            var model = (DeepModel)TestOptions.Family(family).Fit(table, TestOptions.Bind(TestOptions.Family(family), values), new FitContext(2));
            string path = Path.Combine(Path.GetTempPath(), $"real-{family}-{Guid.NewGuid():N}.onnx");
            OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(genres, [], family, new Dictionary<string, string>())), path);
            try
            {
                using var scorer = OnnxScorer.Open(path);
                float[][] onnx = scorer.PredictProbabilities(rows.SelectMany(r => r).ToArray(), [rows.Count, .. set.Shape.Select(d => (long)d)]);
                float[][] torch = model.PredictBatch(rows);
                double max = onnx.Zip(torch).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs(a - b))).Max();
                Assert.True(max <= 1e-4, $"{family}: max |ONNX - TorchSharp| = {max:E2} on real spectrograms");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
