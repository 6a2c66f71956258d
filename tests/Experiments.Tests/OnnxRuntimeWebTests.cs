using System.Diagnostics;
using System.Text.Json;
using MlNetGenre.Onnx;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// "Usable from any ONNX runtime": every family's exported graph (kNN's Scan, the forests' and boosting's
/// ai.onnx.ml tree ensembles, the linear models, the TorchSharp MLP) gives in onnxruntime-web (wasm, run under
/// Node.js) the probabilities ONNX Runtime gives in .NET.
/// </summary>
public sealed class OnnxRuntimeWebTests
{
    internal static readonly string OrtWebNode = Path.Combine(ShippedExperimentsTests.RepositoryRoot(), "web", "node_modules", "onnxruntime-web", "dist", "ort.node.min.mjs");

    [NodeFact]
    public void Every_family_scores_the_same_in_onnxruntime_web_as_in_onnx_runtime()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetgenre-ortweb-").FullName;
        try
        {
            string spec = Path.Combine(folder, "families.yaml");
            File.WriteAllText(spec, """
                name: families
                seed: 3
                dataset: {kind: synthetic, genres: 4, tracks_per_genre: 12, seconds: 4}
                features:
                  - {name: mfcc, set: mfcc, params: {n_mfcc: 8}}
                split: {test_fraction: 0.25}
                models:
                  - {name: knn, family: knn, features: mfcc, params: {k: 5, weights: distance}}
                  - {name: logreg, family: logistic-regression, features: mfcc}
                  - {name: svm, family: linear-svm, features: mfcc}
                  - {name: forest, family: random-forest, features: mfcc, params: {trees: 20}}
                  - {name: boosting, family: gradient-boosting, features: mfcc, params: {trees: 10}}
                  - {name: adaboost, family: adaboost, features: mfcc, params: {estimators: 5}}
                  - {name: mlp, family: mlp, features: mfcc, train: {epochs: 5}}
                """);
            CliProcess.Run("run", spec, "--output", folder);
            string[] models = Directory.GetFiles(folder, "*.onnx", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "models").ToArray(); // not the trial store's copies
            Assert.Equal(7, models.Length);
            foreach (string model in models)
            {
                using var scorer = OnnxScorer.Open(model);
                int width = scorer.Input.Dimensions[^1];
                var random = new Random(7);
                float[][] rows = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, width).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
                float[][] expected = scorer.PredictProbabilities(rows);
                float[] actual = RunInOrtWeb(model, rows, width, folder);
                Assert.Equal(rows.Length * expected[0].Length, actual.Length);
                for (int i = 0; i < rows.Length; i++)
                for (int c = 0; c < expected[i].Length; c++)
                    Assert.True(Math.Abs(expected[i][c] - actual[i * expected[i].Length + c]) <= 1e-5,
                        $"{Path.GetFileName(model)} row {i} class {c}: ONNX Runtime {expected[i][c]}, onnxruntime-web {actual[i * expected[i].Length + c]}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static float[] RunInOrtWeb(string model, float[][] rows, int width, string folder)
    {
        string input = Path.Combine(folder, "input.bin");
        File.WriteAllBytes(input, rows.SelectMany(r => r).SelectMany(BitConverter.GetBytes).ToArray());
        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "OrtShim", "run_onnx.mjs")])
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ORT_WEB_NODE"] = OrtWebNode;
        using var node = Process.Start(start)!;
        node.StandardInput.Write(JsonSerializer.Serialize(new
        {
            model,
            inputs = new Dictionary<string, object> { ["features"] = new { file = input, shape = new[] { rows.Length, width } } },
            outputs = new[] { "probabilities" },
        }));
        node.StandardInput.Close();
        var errors = node.StandardError.ReadToEndAsync();
        string output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, $"onnxruntime-web could not run {model}: {errors.Result}");
        return JsonDocument.Parse(output).RootElement[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }
}

/// <summary>A test that runs onnxruntime-web under Node.js: skipped without Node.js or web/node_modules.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!File.Exists(OnnxRuntimeWebTests.OrtWebNode)) Skip = "web/node_modules is missing (the build runs npm ci when npm is installed)";
        else if (!ReadmePythonFactAttribute.Works("node", "--version")) Skip = "Node.js is not installed (apt-get install nodejs npm)";
    }
}
