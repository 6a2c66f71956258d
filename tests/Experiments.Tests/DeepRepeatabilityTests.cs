using MlNetGenre.Onnx.Proto;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The same spec and seed give the same trained weights in two separate processes (two `mlnetgenre run`
/// commands), with two intra-op threads: the repeatability a user relies on when re-running a paper's table; and
/// libtorch writes nothing to stderr while training a CNN.
/// </summary>
public class DeepRepeatabilityTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    [Fact]
    public void Two_processes_train_a_cnn_to_identical_weights()
    {
        string spec = _tiny.Write(TinyExperiment.Spec
            .Replace("\nfeatures:\n", "\naudio:\n  clip_seconds: 1\nfeatures:\n  - name: mel\n    set: logmel\n    params: {n_mels: 24}\n")
            .Replace("    family: logistic-regression\n    features: mfcc13\n    params: {c: 10}",
                "    family: cnn\n    features: mel\n    params: {channels: \"4,6,10\", dense: 12, epochs: 3, batch_size: 8, learning_rate: 0.01}"));
        var weights = new[] { "first", "second" }.Select(output =>
        {
            string folder = Path.Combine(_tiny.Folder, output);
            var (_, errors) = CliProcess.RunCapturing(CliProcess.StartInfo("run", spec, "--output", folder));
            Assert.DoesNotContain("NNPACK", errors); // libtorch warned at every convolution on CPUs NNPACK does not support
            string model = Directory.GetFiles(folder, "logreg.onnx", SearchOption.AllDirectories).Single();
            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(model)).Graph.Initializer.ToDictionary(t => t.Name, t => t.RawData.ToByteArray());
        }).ToArray();
        Assert.Equal(weights[0].Keys.Order(), weights[1].Keys.Order());
        Assert.Contains(weights[0].Keys, k => k.Contains("conv", StringComparison.Ordinal));
        foreach (var (name, bytes) in weights[0]) Assert.True(bytes.AsSpan().SequenceEqual(weights[1][name]), $"initializer {name} differs between the two processes");
    }

    public void Dispose() => _tiny.Dispose();
}
