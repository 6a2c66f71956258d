using System.Text.Json;
using Google.Protobuf;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Proto;

namespace MlNetGenre.Experiments.Tests;

/// <summary>A model trained once on 1 s clips of WAV files, shared by the crafted-model cases.</summary>
public sealed class TrainedClipModel : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    public TrainedClipModel()
    {
        Data = Path.Combine(_tiny.Folder, "data");
        SyntheticDatasetWriter.Write(Data, genres: 3, tracksPerGenre: 6, seconds: 2, seed: 5);
        var run = _tiny.Run(TinyExperiment.Spec.Replace(TinyExperiment.SyntheticDataset, "  kind: folder\n  path: data")
            .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n"));
        Model = Path.Combine(run.RunDirectory, "models", "logreg.onnx");
        Folder = _tiny.Folder;
    }

    public string Model { get; }
    public string Data { get; }
    public string Folder { get; }

    public void Dispose() => _tiny.Dispose();
}

/// <summary>
/// <c>predict</c> on damaged or hand-made models: each is one clear error naming the model, found before any audio is
/// read (so a missing audio file is never what is reported), and never a prediction.
/// </summary>
[Collection("Console")]
public class CraftedModelTests(TrainedClipModel trained) : IClassFixture<TrainedClipModel>
{
    private static readonly Dictionary<string, Action<ModelProto>> Mutations = new()
    {
        ["labels missing"] = m => RemoveMetadata(m, OnnxModelMetadata.LabelsKey),
        ["labels not JSON"] = m => SetMetadata(m, OnnxModelMetadata.LabelsKey, "[\"blues\", \"cla"),
        ["labels numbers"] = m => SetMetadata(m, OnnxModelMetadata.LabelsKey, "[1, 2, 3]"),
        ["labels empty"] = m => SetMetadata(m, OnnxModelMetadata.LabelsKey, "[]"),
        ["labels repeated"] = m => SetMetadata(m, OnnxModelMetadata.LabelsKey, "[\"a\", \"a\", \"b\"]"),
        ["labels fewer than outputs"] = m => SetMetadata(m, OnnxModelMetadata.LabelsKey, "[\"a\", \"b\"]"),
        ["labels more than outputs"] = m => SetMetadata(m, OnnxModelMetadata.LabelsKey, "[\"a\", \"b\", \"c\", \"d\"]"),
        ["front end not JSON"] = m => SetMetadata(m, OnnxModelMetadata.FrontEndKey, "{\"feature_set\": "),
        ["front end numbers"] = m => SetMetadata(m, OnnxModelMetadata.FrontEndKey, "{\"feature_set\": 3}"),
        ["sample rate text"] = m => SetFrontEnd(m, "sample_rate", "fast"),
        ["sample rate negative"] = m => SetFrontEnd(m, "sample_rate", "-22050"),
        ["sample rate huge"] = m => SetFrontEnd(m, "sample_rate", "1000000000"),
        ["sample rate tiny"] = m => SetFrontEnd(m, "sample_rate", "3"),
        ["clip samples negative"] = m => SetFrontEnd(m, "clip_samples", "-1"),
        ["clip samples huge"] = m => SetFrontEnd(m, "clip_samples", "99999999999"),
        ["remainder unknown"] = m => SetFrontEnd(m, "remainder", "wrap"),
        ["feature set unknown"] = m => SetFrontEnd(m, "feature_set", "wavelets"),
        ["feature set from a table"] = m => SetFrontEnd(m, "feature_set", "csv"),
        ["feature option text"] = m => SetFrontEnd(m, "n_mfcc", "many"),
        ["feature option out of range"] = m => SetFrontEnd(m, "n_mfcc", "100000"),
        ["feature option changes the shape"] = m => SetFrontEnd(m, "n_mfcc", "20"),
        ["input shape text"] = m => SetFrontEnd(m, "input_shape", "26,x"),
        ["input shape different"] = m => SetFrontEnd(m, "input_shape", "7"),
        ["graph input of another width"] = m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 7,
        ["graph input of another type"] = m => m.Graph.Input[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Double,
        ["no probabilities output"] = m => RenameOutput(m, OnnxScorer.ProbabilitiesOutput, "scores"),
        ["weights NaN"] = m =>
        {
            foreach (var tensor in m.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float))
            {
                int count = tensor.FloatData.Count > 0 ? tensor.FloatData.Count : tensor.RawData.Length / 4;
                tensor.FloatData.Clear();
                tensor.RawData = ByteString.CopyFrom(Enumerable.Repeat(BitConverter.GetBytes(float.NaN), count).SelectMany(b => b).ToArray());
            }
        },
    };

    public static TheoryData<string> Cases() => new(Mutations.Keys.Concat(["truncated file", "random bytes", "empty file", "a folder"]));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predict_on_a_crafted_model_is_one_clear_error_naming_it(string mutation)
    {
        string model = Craft(mutation);
        string audio = Directory.GetFiles(Path.Combine(trained.Data, "blues")).Order().First();
        bool needsAudio = mutation == "weights NaN"; // only scoring shows that the weights are damaged
        string[] inputs = needsAudio ? [audio] : [audio, Path.Combine(trained.Folder, "no-such-file.wav")];

        var (code, output, errors) = CliCapture.Run(["predict", model, .. inputs, "--format", "json"]);
        string all = output + errors;
        Assert.True(code == 1, $"{mutation}: exit {code}\n{all}");
        Assert.Contains("error: " + model, all);
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("no-such-file", all);
        Assert.DoesNotContain("\"genre\"", all);
    }

    [Fact]
    public void The_untouched_model_predicts()
    {
        string audio = Directory.GetFiles(Path.Combine(trained.Data, "blues")).Order().First();
        var (code, output, errors) = CliCapture.Run(["predict", trained.Model, audio, "--format", "json"]);
        Assert.True(code == 0, output + errors);
        Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
    }

    private string Craft(string mutation)
    {
        string path = Path.Combine(trained.Folder, "crafted", mutation.Replace(' ', '-') + ".onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] original = File.ReadAllBytes(trained.Model);
        switch (mutation)
        {
            case "truncated file":
                File.WriteAllBytes(path, original[..(original.Length / 2)]);
                break;
            case "random bytes":
                var noise = new byte[original.Length];
                new Random(3).NextBytes(noise);
                File.WriteAllBytes(path, noise);
                break;
            case "empty file":
                File.WriteAllBytes(path, []);
                break;
            case "a folder":
                Directory.CreateDirectory(path);
                break;
            default:
                var model = ModelProto.Parser.ParseFrom(original);
                Mutations[mutation](model);
                File.WriteAllBytes(path, model.ToByteArray());
                break;
        }
        return path;
    }

    private static void RemoveMetadata(ModelProto model, string key) =>
        model.MetadataProps.Remove(model.MetadataProps.Single(p => p.Key == key));

    private static void SetMetadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Single(p => p.Key == key).Value = value;

    private static void SetFrontEnd(ModelProto model, string key, string value)
    {
        var entry = model.MetadataProps.Single(p => p.Key == OnnxModelMetadata.FrontEndKey);
        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(entry.Value)!;
        map[key] = value;
        entry.Value = JsonSerializer.Serialize(map);
    }

    private static void RenameOutput(ModelProto model, string from, string to)
    {
        foreach (var node in model.Graph.Node)
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from) node.Output[i] = to;
        model.Graph.Output.Single(o => o.Name == from).Name = to;
    }
}
