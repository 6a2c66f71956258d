using System.Diagnostics;
using System.Globalization;
using MlNetGenre.DeepModels;
using MlNetGenre.Experiments;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Onnx.Prediction;

// Model benchmarks, printed as figures and ratios (never asserted in tests):
//   baselines  fit time per candidate and grid wall time per family on the 60-track shared features (issue 4)
//   deep       training clips/s and per-clip inference in TorchSharp vs ONNX Runtime at seed 000's and 001's sizes (issue 5)
//   realtime   real-time factor of exported models on one core, per family, with the per-clip latency (issue 7)
string section = args.FirstOrDefault() ?? "all";
string data = args.Length > 1 ? args[1] : Locate();
Console.WriteLine($"ModelBench ({section}); {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}");
if (section is "all" or "baselines") Baselines(data);
if (section is "all" or "deep") Deep();
if (section is "all" or "realtime") RealTime();
return 0;

static void Baselines(string data)
{
    string csv = Path.Combine(data, "reference", "gtzan16k-features.librosa.csv");
    var table = FeaturesCsvReader.Read(csv, [], skipBadRows: false).Table;
    Console.WriteLine($"\n== baselines: {table.Count} tracks x {table.FeatureNames.Count} features (librosa seed001), 3-fold CV grids ==");
    var grids = new (string Family, Dictionary<string, IReadOnlyList<object>> Grid)[]
    {
        ("knn", new() { ["k"] = [4L, 8L, 12L], ["weights"] = ["uniform", "distance"] }),
        ("logistic-regression", new() { ["l2"] = [0.01, 0.1, 1.0, 10.0] }),
        ("random-forest", new() { ["trees"] = [100L, 300L], ["leaves"] = [16L, 64L] }),
        ("gradient-boosting", new() { ["trees"] = [50L, 200L], ["learning_rate"] = [0.1, 0.5] }),
        ("adaboost", new() { ["estimators"] = [5L, 10L], ["learning_rate"] = [0.5, 1.0] }),
        ("mlp", new() { ["hidden"] = ["128,64", "512,512,512,128"], ["epochs"] = [30L] }),
    };
    Console.WriteLine($"{"family",-22}{"candidates",11}{"fit/candidate (s)",19}{"grid wall (s)",15}");
    foreach (var (family, grid) in grids)
    {
        var candidates = CandidateSearch.Candidates(new Dictionary<string, object>(), grid);
        var clock = Stopwatch.StartNew();
        var (_, scores) = CandidateSearch.Select(ModelFamilies.All[family], table, candidates, 3, "accuracy", new FitContext(1));
        Console.WriteLine($"{family,-22}{candidates.Count,11}{scores.Average(s => s.FitSeconds / 3),19:F3}{clock.Elapsed.TotalSeconds,15:F2}");
    }
}

static void Deep()
{
    Console.WriteLine("\n== deep models on CPU: training clips/s, per-clip inference (ms) in TorchSharp and ONNX Runtime ==");
    Console.WriteLine($"{"family",-14}{"input",-12}{"train clips/s",15}{"torch b1",10}{"onnx b1",10}{"torch b32",11}{"onnx b32",10}{"onnx/torch b1",15}");
    string[] only = Environment.GetEnvironmentVariable("MODELBENCH_FAMILIES")?.Split(',') ?? [];
    var cases = new[]
    {
        ("cnn", 513, 128), ("cnn-bn", 513, 128), ("bgru", 513, 128), ("bgru-attention", 513, 128), ("parallel-crnn", 513, 128),
        ("cnn-small", 128, 1292), ("lstm", 128, 1292), ("songnet", 128, 1292), ("mfcc-cnn", 13, 1292), ("alexnet-mfcc", 13, 1292), ("mlp", 75, 0),
    };
    foreach (var (family, rows, frames) in cases.Where(c => only.Length == 0 || only.Contains(c.Item1)))
    {
        var table = Random(rows, frames, 64);
        var values = new Dictionary<string, object> { ["epochs"] = 1L, ["batch_size"] = 16L, ["validation_fraction"] = 0.0 };
        var clock = Stopwatch.StartNew();
        var model = (DeepModel)DeepFamily.All.Single(f => f.Name == family).Fit(table, new HyperParameters(values), new FitContext(1, Threads: 1));
        double trainRate = table.Count / clock.Elapsed.TotalSeconds;
        string path = Path.Combine(Path.GetTempPath(), $"bench-{family}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family, new Dictionary<string, string>())), path);
        using var scorer = OnnxScorer.Open(path);
        double Torch(int batch) => Time(() => model.PredictBatch(table.Rows.Take(batch).ToArray()), batch);
        double Onnx(int batch) => Time(() => scorer.PredictProbabilities(table.Rows.Take(batch).SelectMany(r => r).ToArray(),
            [batch, .. table.ItemShape.Select(d => (long)d)]), batch);
        double t1 = Torch(1), o1 = Onnx(1), t32 = Torch(32), o32 = Onnx(32);
        string input = frames == 0 ? $"{rows}" : $"{rows}x{frames}";
        Console.WriteLine($"{family,-14}{input,-12}{trainRate,15:F1}{t1,10:F2}{o1,10:F2}{t32,11:F2}{o32,10:F2}{o1 / t1,15:F2}");
        File.Delete(path);
    }
}

static void RealTime()
{
    Console.WriteLine("\n== real-time factor on one core: seconds of audio classified per second (GenrePredictor, 3 s clips) ==");
    string folder = Directory.CreateTempSubdirectory("modelbench-").FullName;
    string spec = Path.Combine(folder, "rt.yaml");
    File.WriteAllText(spec, """
        name: realtime
        seed: 1
        dataset: {kind: synthetic, genres: 4, tracks_per_genre: 8, seconds: 6}
        audio: {clip_seconds: 3}
        features:
          - {name: mfcc, set: mfcc}
          - {name: mel, set: logmel, params: {n_mels: 128}}
        models:
          - {name: logreg, family: logistic-regression, features: mfcc}
          - {name: knn, family: knn, features: mfcc}
          - {name: forest, family: random-forest, features: mfcc}
          - {name: boosting, family: gradient-boosting, features: mfcc}
          - {name: mlp, family: mlp, features: mfcc, params: {epochs: 5}}
          - {name: cnn-small, family: cnn-small, features: mel, params: {epochs: 2}}
        """);
    var run = new ExperimentRunner(new SilentLog()).Run(MlNetGenre.Experiments.Spec.SpecReader.ReadFile(spec),
        new ExperimentRunner.Options(OutputRoot: Path.Combine(folder, "out")), CancellationToken.None);
    var audio = SyntheticTrackGenerator.Render("rock", 1, 60, 22050, 3);
    Console.WriteLine($"{"model",-12}{"clip latency (ms)",19}{"real-time factor",18}");
    foreach (var trial in run.Trials)
    {
        using var predictor = GenrePredictor.Open(Path.Combine(run.RunDirectory, trial.OnnxFile!));
        predictor.Predict("warm-up", audio);
        var clock = Stopwatch.StartNew();
        var prediction = predictor.Predict("rock", audio);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{trial.Model,-12}{1000 * seconds / prediction.Clips.Count,19:F2}{60 / seconds,18:F0}x");
    }
    Directory.Delete(folder, recursive: true);
}

static double Time(Action action, int batch)
{
    action();
    var clock = Stopwatch.StartNew();
    int repeats = 0;
    while (clock.Elapsed.TotalSeconds < 1 || repeats < 3)
    {
        action();
        repeats++;
    }
    return 1000 * clock.Elapsed.TotalSeconds / repeats / batch;
}

static FeatureTable Random(int rows, int frames, int count)
{
    var random = new Random(1);
    int size = frames == 0 ? rows : rows * frames;
    var items = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, size).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
    var ids = Enumerable.Range(0, count).Select(i => $"i{i}").ToArray();
    return new FeatureTable(items, ids.Select((_, i) => i % 4).ToArray(), ids, ids, ["a", "b", "c", "d"],
        frames == 0 ? Enumerable.Range(0, rows).Select(i => $"f{i}").ToArray() : [])
    {
        ItemShape = frames == 0 ? [rows] : [rows, frames],
    };
}

static string Locate()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (Directory.Exists(Path.Combine(dir.FullName, "shared", "data", "reference"))) return Path.Combine(dir.FullName, "shared", "data");
    throw new DirectoryNotFoundException("shared/data not found: pass it as the second argument");
}

sealed class SilentLog : IRunLog
{
    public void Info(string message) { }
    public void Warning(string message) => Console.Error.WriteLine(message);
    public IStageProgress Stage(string description, int total) => new Nothing();
    private sealed class Nothing : IStageProgress
    {
        public void Advance() { }
        public void Dispose() { }
    }
}
