using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.DeepModels;
using MlNetGenre.DeepModels.Networks;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Proto;
using TorchSharp;
using static TorchSharp.torch;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// Adding a dataset kind, a feature set, a model family or a deep architecture is one class plus one registration line:
/// four tiny ones defined here, registered below (one line each), validated and run end to end by name from YAML.
/// </summary>
public class ExtensionTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    [Fact]
    public void Components_from_outside_the_product_are_validated_and_run_by_their_yaml_names()
    {
        DatasetKinds.Registry.Register(new ToneDatasetKind());
        FeatureSetKinds.Registry.Register(new LoudnessFeatureSet.Kind());
        ModelFamilies.Registry.Register(new NearestCentroidFamily());
        ModelFamilies.Registry.Register(new DeepFamily(new TinyDenseArchitecture()));

        string yaml = """
            name: extensions
            seed: 5
            dataset:
              kind: test-tones
              per_label: 12
            audio:
              clip_seconds: 0.5
            features:
              - name: loud
                set: test-loudness
                params: {frames: 8}
            models:
              - name: centroid
                family: test-nearest-centroid
                features: loud
                grid: {temperature: [0.5, 2]}
                cv: {folds: 3}
              - name: dense
                family: test-tiny-dense
                features: loud
                params: {units: 6, epochs: 3, batch_size: 8}
            """;
        var plan = PlanReader.Parse(yaml, Path.Combine(_tiny.Folder, "extensions.yaml"), outputRoot: Path.Combine(_tiny.Folder, "out"));
        Assert.Equal(8, ((LoudnessFeatureSet.Options)plan.Features[0].Options!).Frames);
        Assert.Equal(2, plan.Models[0].Candidates.Count);
        var unknown = Assert.Throws<Core.Spec.SpecException>(() => PlanReader.Parse(yaml.Replace("per_label: 12", "per_label: 12\n  colour: red"), "x.yaml"));
        Assert.Contains("per_label", unknown.Message);

        var run = new ExperimentRunner(_tiny.Log).Run(plan, new ExperimentRunner.Options(), CancellationToken.None);
        Assert.All(run.Trials, t => Assert.Equal(TrialResult.Succeeded, t.Status));
        Assert.True(run.Models.Single(m => m.Model == "centroid").Accuracy.Mean > 0.8, "loud and quiet tones are easy to tell apart");
        using var scorer = OnnxScorer.Open(Path.Combine(run.RunDirectory, "models", "dense.onnx"));
        Assert.Equal("test-loudness", scorer.Metadata.FrontEnd["feature_set"]);
        Assert.Equal("8", scorer.Metadata.FrontEnd["frames"]);
    }

    public void Dispose() => _tiny.Dispose();

    /// <summary>Tones of three loudness levels, one label each, generated in memory.</summary>
    public sealed class ToneDatasetKind : DatasetKind<ToneDatasetKind.Options>
    {
        public sealed record Options
        {
            [Option("tracks per label", Min = 3, Max = 100)] public int PerLabel { get; init; } = 10;
        }

        public override string Name => "test-tones";
        public override string Description => "tones at three loudness levels (a test extension)";
        public override DatasetCapabilities Capabilities => new() { NeedsPath = false };
        protected override double? TrackSeconds(Options o) => 1;
        protected override OpenedDataset Open(DatasetRequest request, Options o) => new AudioTracks(new Tones(o.PerLabel, request.SampleRate ?? 8000));

        private sealed class Tones(int perLabel, int rate) : IAudioDataset
        {
            private static readonly string[] Labels = ["quiet", "medium", "loud"];

            public string Description => "test tones";
            public IReadOnlyList<Track> Tracks { get; } = Labels.SelectMany(l => Enumerable.Range(0, perLabel).Select(i => new Track($"{l}/{i}", l, $"{l}/{i}", null))).ToArray();

            public AudioSignal Load(Track track)
            {
                float gain = Array.IndexOf(Labels, track.Label) switch { 0 => 0.05f, 1 => 0.3f, _ => 0.9f };
                int index = int.Parse(track.Id.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
                return new AudioSignal(Enumerable.Range(0, rate).Select(t => gain * (1 + 0.05f * index / perLabel) * MathF.Sin(t * 0.07f * (1 + index % 3))).ToArray(), rate);
            }
        }
    }

    /// <summary>The RMS of each of <c>frames</c> equal parts of a clip: a 1 x frames matrix.</summary>
    public sealed class LoudnessFeatureSet(int sampleRate, int clipSamples, int frames) : IFeatureSet
    {
        public sealed record Options
        {
            [Option("parts of the clip", Min = 1, Max = 64)] public int Frames { get; init; } = 4;
        }

        public sealed class Kind : FeatureSetKind<Options>
        {
            public override string Name => "test-loudness";
            public override string Description => "RMS per part of the clip (a test extension)";
            public override bool IsMatrix => true;
            protected override IFeatureSet Create(Options o, int sampleRate, int clipSamples) => new LoudnessFeatureSet(sampleRate, clipSamples, o.Frames);
        }

        public string Name => "test-loudness";
        public IReadOnlyList<string> FeatureNames => [];
        public IReadOnlyList<int> Shape => [1, frames];
        public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["sample_rate"] = sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        public float[] Extract(AudioSignal signal)
        {
            int part = clipSamples / frames;
            return Enumerable.Range(0, frames).Select(f => (float)Math.Sqrt(signal.Samples.Skip(f * part).Take(part).DefaultIfEmpty(0).Average(v => (double)v * v))).ToArray();
        }
    }

    /// <summary>Softmax of minus the scaled squared distance to each class mean; exported with standard ONNX ops.</summary>
    public sealed class NearestCentroidFamily : ModelFamily<NearestCentroidFamily.Options>
    {
        public sealed record Options
        {
            [Option("divides the distances before the softmax", Min = 1e-3, Max = 1e3)] public double Temperature { get; init; } = 1;
        }

        public override string Name => "test-nearest-centroid";
        public override string Description => "nearest class mean (a test extension)";
        public override ModelInput Accepts => ModelInput.Any;

        protected override IFittedModel Fit(FeatureTable training, Options o, FitContext context)
        {
            int width = training.Rows[0].Length, classes = training.ClassNames.Count;
            var means = new float[classes * width];
            for (int c = 0; c < classes; c++)
            {
                var rows = training.Rows.Where((_, i) => training.ClassIndex[i] == c).ToArray();
                for (int j = 0; j < width; j++) means[c * width + j] = rows.Average(r => r[j]);
            }
            return new Model(means, classes, width, (float)o.Temperature, training.ItemShape);
        }

        private sealed class Model(float[] means, int classes, int width, float temperature, IReadOnlyList<int> shape) : IExportableModel
        {
            public string Description => "nearest centroid";

            public float[] PredictProbabilities(float[] x)
            {
                var scores = Enumerable.Range(0, classes).Select(c => -Enumerable.Range(0, width).Sum(j => (x[j] - means[c * width + j]) * (x[j] - means[c * width + j])) / temperature).ToArray();
                float max = scores.Max();
                var e = scores.Select(s => MathF.Exp(s - max)).ToArray();
                return e.Select(v => v / e.Sum()).ToArray();
            }

            public ModelProto ToOnnx(OnnxModelMetadata metadata)
            {
                var graph = new OnnxGraphBuilder("nearest_centroid");
                string input = graph.AddInput("features", DataType.Float, [null, .. shape.Select(d => (long?)d)]);
                string flat = graph.AddNode("Reshape", [input, graph.AddInitializer("flat_shape", [0L, 1L, width], 3)], "flat");          // [N, 1, W]
                string difference = graph.AddNode("Sub", [flat, graph.AddInitializer("means", means, 1, classes, width)], "difference"); // [N, C, W]
                string squared = graph.AddNode("ReduceSum", [graph.AddNode("Mul", [difference, difference], "squared"), graph.AddInitializer("axis", [2L], 1)],
                    "distance", OnnxAttribute.Int("keepdims", 0));
                string scores = graph.AddNode("Div", [squared, graph.AddInitializer("minus_t", [-temperature])], "scores");
                OnnxClassifierHead.AddOutputs(graph, graph.AddNode("Softmax", [scores], "softmax", OnnxAttribute.Int("axis", 1)), metadata.Labels);
                return graph.Build(metadata, Description);
            }
        }
    }

    public sealed record TinyDenseOptions : TrainingOptions
    {
        [Option("hidden units", Min = 1, Max = 64)] public int Units { get; init; } = 4;
    }

    /// <summary>Flatten -> dense -> ReLU -> logits, on any input.</summary>
    public sealed class TinyDenseArchitecture : Architecture<TinyDenseOptions>
    {
        public override string Name => "test-tiny-dense";
        public override string Description => "one hidden dense layer (a test extension)";
        public override ModelInput Accepts => ModelInput.Any;
        public override TinyDenseOptions Defaults => new() { ValidationFraction = 0 };

        protected override Network Build(IReadOnlyList<int> shape, int classes, TinyDenseOptions o) =>
            new TinyDense(shape.Aggregate(1, (a, b) => a * b), o.Units, classes);

        private sealed class TinyDense : Network
        {
            private readonly TorchSharp.Modules.Linear _hidden, _output;

            public TinyDense(int inputs, int units, int classes) : base("tiny_dense")
            {
                _hidden = nn.Linear(inputs, units);
                _output = nn.Linear(units, classes);
                RegisterComponents();
            }

            public override Tensor forward(Tensor input) => _output.call(nn.functional.relu(_hidden.call(input.flatten(1))));

            public override string Export(OnnxGraphBuilder graph, string input)
            {
                string flat = graph.AddNode("Flatten", [input], "flat", OnnxAttribute.Int("axis", 1));
                string hidden = graph.AddNode("Relu", [DeepModels.Export.OnnxLayers.Linear(graph, flat, _hidden, "hidden")], "relu");
                return DeepModels.Export.OnnxLayers.Linear(graph, hidden, _output, "logits");
            }
        }
    }
}
