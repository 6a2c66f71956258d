using System.Diagnostics;
using System.Globalization;
using MlNetGenre.DeepModels;
using MlNetGenre.Experiments;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;
using MlNetGenre.Features.Synthetic;
using MlNetGenre.Onnx;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Prediction;

// Model benchmarks, printed as figures and ratios (never asserted in tests):
//   (baselines beside scikit-learn: bench/BaselineBench)
//   deep       training clips/s and per-clip inference in TorchSharp vs ONNX Runtime at seed 000's and 001's sizes (issue 5)
//   realtime   real-time factor of exported models on one core, per family, with the per-clip latency (issue 7)
//   passes     per-clip inference at batch 32 split into passes of 1..32 items, beside batch 1 (issue 12: choosing the pass size)
string section = args.FirstOrDefault() ?? "all";
Console.WriteLine($"ModelBench ({section}); {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}");
if (section is "all" or "deep") Deep();
if (section is "all" or "torch") VersusPyTorch();
if (section is "all" or "realtime") RealTime();
if (section is "passes") Passes();
return 0;

static void Deep()
{
    Console.WriteLine("\n== deep models on CPU: training clips/s (batch 32, one thread), per-clip inference (ms) in TorchSharp and ONNX Runtime ==");
    TorchRuntime.Initialize();
    Console.WriteLine($"TorchSharp runs on: {TorchRuntime.OneDnnChoice}.");
    Console.WriteLine($"{"family",-14}{"input",-12}{"train clips/s",15}{"torch b1",10}{"onnx b1",10}{"torch b32",11}{"onnx b32",10}{"onnx/torch b1",15}");
    string[] only = Environment.GetEnvironmentVariable("MODELBENCH_FAMILIES")?.Split(',') ?? [];
    var cases = new[]
    {
        ("cnn", 513, 128), ("cnn-bn", 513, 128), ("bgru", 513, 128), ("bgru-attention", 513, 128), ("parallel-crnn", 513, 128),
        ("cnn-small", 128, 1292), ("lstm", 128, 1292), ("songnet", 128, 1292), ("mfcc-cnn", 13, 1292), ("alexnet-mfcc", 13, 1292), ("mlp", 75, 0),
    };
    foreach (var (family, rows, frames) in cases.Where(c => only.Length == 0 || only.Contains(c.Item1)))
    {
        var (model, table, rate) = Train(family, rows, frames, threads: 1);
        string path = Path.Combine(Path.GetTempPath(), $"bench-{family}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family, new Dictionary<string, string>())), path);
        using var scorer = OnnxScorer.Open(path);
        var (t1, t32) = TimeB1B32((first, count) => model.PredictBatch(table.Rows.Skip(first).Take(count).ToArray()));
        var (o1, o32) = TimeB1B32((first, count) => scorer.PredictRows(table.Rows.Skip(first).Take(count).ToArray(), table.ItemShape, count));
        string input = frames == 0 ? $"{rows}" : $"{rows}x{frames}";
        Console.WriteLine($"{family,-14}{input,-12}{rate,15:F1}{t1,10:F2}{o1,10:F2}{t32,11:F2}{o32,10:F2}{o1 / t1,15:F2}");
        File.Delete(path);
    }
}

/// <summary><paramref name="epochs"/> epochs over random clips at batch 32; the rate is the median of the epochs after the first (which warms up).</summary>
static (DeepModel Model, FeatureTable Table, double ClipsPerSecond) Train(string family, int rows, int frames, int threads, int clips = 64, int epochs = 2)
{
    var table = Random(rows, frames, clips);
    var deep = DeepFamily.All.Single(f => f.Name == family);
    var at = new MlNetGenre.Core.Spec.SourcePosition("bench", 1, 1);
    var values = new Dictionary<string, string> { ["epochs"] = epochs.ToString(), ["batch_size"] = "32", ["validation_fraction"] = "0", ["patience"] = "0" };
    var options = OptionBinder.Bind(deep.DefaultOptions, values.Select(v => new MlNetGenre.Core.Spec.SpecEntry(
        new MlNetGenre.Core.Spec.SpecScalar(v.Key, false, at), new MlNetGenre.Core.Spec.SpecScalar(v.Value, false, at))), family);
    var model = (DeepModel)deep.Fit(table, options, new FitContext(1, Threads: threads));
    return (model, table, clips / BenchStatistics.Median(model.History.Skip(1).Select(h => h.Seconds).ToList())); // the first epoch warms up
}

/// <summary>Issue 12's side-by-side: the same networks, shapes, batch and threads in TorchSharp (ours) and Debian's PyTorch.</summary>
static void VersusPyTorch()
{
    Console.WriteLine("\n== training clips/s at batch 32 and inference ms/clip, TorchSharp (ours) vs PyTorch (python3-torch), same run ==");
    Console.WriteLine("PyTorch runs four times: as installed; with glibc told to keep freed blocks (MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_), the allocator fix ours has built in;");
    Console.WriteLine("with that fix and oneDNN off (torch.backends.mkldnn.enabled = False), ATen's own kernels (ours uses them where oneDNN fails its probe: wrong conv gradients on the AMD VMs);");
    Console.WriteLine("and with the fix and the network in channels_last memory format (not PyTorch's default; ours lays out its CNNs so): like for like.");
    TorchRuntime.Initialize();
    var probeClock = Stopwatch.StartNew();
    OneDnnProbe.FirstFault(); // timed again on the kernels now active
    Console.WriteLine($"Ours runs on: {TorchRuntime.OneDnnChoice}; the probe takes {probeClock.Elapsed.TotalSeconds:F2} s.");
    Console.WriteLine("| model | input | threads | ours: train clips/s | PyTorch: train clips/s | ours / PyTorch | PyTorch + allocator fix | ours / that | PyTorch + fix, oneDNN off | ours / that | PyTorch + fix, channels_last | ours / that | ours: infer b1 / b32 (ms/clip) | PyTorch: b1 / b32 | PyTorch + fix: b1 / b32 | PyTorch + fix, oneDNN off: b1 / b32 | PyTorch + fix, channels_last: b1 / b32 |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    string script = Path.Combine(RepositoryRoot(), "bench", "ModelBench", "torch_peer.py");
    string[] only = Environment.GetEnvironmentVariable("MODELBENCH_FAMILIES")?.Split(',') ?? [];
    foreach (var (family, rows, frames) in new[] { ("cnn", 513, 128), ("bgru", 513, 128), ("cnn-small", 128, 1292) }.Where(c => only.Length == 0 || only.Contains(c.Item1)))
    foreach (int threads in new[] { 1, 2 })
    {
        var (model, table, ours) = Train(family, rows, frames, threads, clips: 128, epochs: 4); // the peer's 128 clips; the median of three timed epochs
        var (b1, b32) = TimeB1B32((first, count) => model.PredictBatch(table.Rows.Skip(first).Take(count).ToArray()));
        var plain = Peer(script, family, rows, frames, threads, allocatorFix: false);
        var fixedPeer = Peer(script, family, rows, frames, threads, allocatorFix: true);
        var ownKernels = Peer(script, family, rows, frames, threads, allocatorFix: true, oneDnn: false);
        var channelsLast = family == "bgru" ? null : Peer(script, family, rows, frames, threads, allocatorFix: true, channelsLast: true); // no convolution in the BGRU
        string Rate(System.Text.Json.Nodes.JsonNode? p) => p is null ? "- | -" : $"{p["train_clips_per_s"]!.GetValue<double>():F1} | {ours / p["train_clips_per_s"]!.GetValue<double>():F2}x";
        string Inference(System.Text.Json.Nodes.JsonNode? p) => p is null ? "-" : $"{p["infer_ms_b1"]!.GetValue<double>():F1} / {p["infer_ms_b32"]!.GetValue<double>():F1}";
        Console.WriteLine($"| {family} | {rows}x{frames} | {threads} | {ours:F1} | {Rate(plain)} | {Rate(fixedPeer)} | {Rate(ownKernels)} | {Rate(channelsLast)} | {b1:F1} / {b32:F1} | " +
                          $"{Inference(plain)} | {Inference(fixedPeer)} | {Inference(ownKernels)} | {Inference(channelsLast)} |");
    }
}

/// <summary>One PyTorch measurement (null when python3-torch is missing or the peer fails).</summary>
static System.Text.Json.Nodes.JsonNode? Peer(string script, string family, int rows, int frames, int threads, bool allocatorFix, bool oneDnn = true, bool channelsLast = false)
{
    var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (string a in new[] { script, "--family", family, "--rows", $"{rows}", "--frames", $"{frames}", "--threads", $"{threads}", "--clips", "64", "--mkldnn", oneDnn ? "on" : "off" }) start.ArgumentList.Add(a);
    if (channelsLast) start.ArgumentList.Add("--channels-last");
    if (allocatorFix)
    {
        start.Environment["MALLOC_MMAP_MAX_"] = "0";
        start.Environment["MALLOC_TRIM_THRESHOLD_"] = "1000000000000";
    }
    try
    {
        using var python = System.Diagnostics.Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync();
        string errors = python.StandardError.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode == 0 && output.Result.Length > 0) return System.Text.Json.Nodes.JsonNode.Parse(output.Result);
        string reason = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {python.ExitCode}";
        Console.Error.WriteLine($"PyTorch peer failed ({reason}); its columns show '-'. Install it with: apt-get install python3-torch");
        return null;
    }
    catch (System.ComponentModel.Win32Exception e)
    {
        Console.Error.WriteLine($"PyTorch peer not started ({e.Message}); its columns show '-'. Install it with: apt-get install python3 python3-torch");
        return null;
    }
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "MlNetGenre.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("MlNetGenre.sln not found");
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
    var run = new ExperimentRunner(new SilentLog()).Run(PlanReader.ReadFile(spec, outputRoot: Path.Combine(folder, "out")),
        new ExperimentRunner.Options(), CancellationToken.None);
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

/// <summary>
/// How the size of an inference pass moves the cost per clip of a batch of 32, for the conv nets whose largest intermediate
/// decides it (DeepModel.ItemsPerPass): batch 1 and batch 32 in passes of 1, 2, 3, 4, 8, 16 and 32 items, timed round after
/// round in alternation (medians), at one and two threads (MODELBENCH_THREADS=1 for one), beside the pass the product picks;
/// at one thread also through ONNX Runtime in Run calls of those sizes.
/// </summary>
static void Passes()
{
    Console.WriteLine("\n== per-clip inference (ms) at batch 32 by items per pass, beside batch 1, and the pass the product picks (items: ms) ==");
    string[] only = Environment.GetEnvironmentVariable("MODELBENCH_FAMILIES")?.Split(',') ?? [];
    int[] sizes = [1, 2, 3, 4, 8, 16, 32];
    Console.WriteLine($"| family | input | MB per item | MB of weights | threads | b1 | {string.Join(" | ", sizes.Select(n => $"b32 in {n}s"))} | picked |");
    Console.WriteLine($"|---|---|---:|---:|---:|---:|{string.Concat(sizes.Select(_ => "---:|"))}---:|");
    var cases = new[] { ("cnn", 513, 128), ("cnn-bn", 513, 128), ("cnn-small", 128, 1292), ("mfcc-cnn", 13, 1292), ("alexnet-mfcc", 13, 1292) };
    foreach (var (family, rows, frames) in cases.Where(c => only.Length == 0 || only.Contains(c.Item1)))
    foreach (int threads in (Environment.GetEnvironmentVariable("MODELBENCH_THREADS") ?? "1,2").Split(',').Select(int.Parse))
    {
        var (model, table, _) = Train(family, rows, frames, threads, clips: 32);
        long perItem = model.Network.LargestIntermediateBytesPerItem;
        var rows32 = table.Rows.Take(32).ToArray();
        var calls = new List<Action> { () => { foreach (var row in rows32) model.PredictBatch([row]); } };
        calls.AddRange(sizes.Select(n => (Action)(() => model.PredictBatch(rows32, table.ItemShape, itemsPerPass: n))));
        int picked = model.ItemsPerPass(32, InferencePasses.MaxIntermediateBytes);
        if (!sizes.Contains(picked)) calls.Add(() => model.PredictBatch(rows32, table.ItemShape, picked));
        var medians = TimeInAlternation(calls).Select(ms => ms / 32).ToArray();
        long weights = model.WeightBytes;
        string Picked() => sizes.Contains(picked) ? $"{picked}: {medians[1 + Array.IndexOf(sizes, picked)]:F1}" : $"{picked}: {medians[^1]:F1}";
        Console.WriteLine($"| {family} | {rows}x{frames} | {perItem / 1048576.0:F1} | {weights / 1048576.0:F1} | {threads} | {medians[0]:F1} | " +
                          $"{string.Join(" | ", sizes.Select((_, i) => $"{medians[i + 1]:F1}"))} | {Picked()} |");
        if (threads > 1) continue;
        // The same sweep through ONNX Runtime (one intra-op thread, as runs score), batch = items per Run call.
        string path = Path.Combine(Path.GetTempPath(), $"bench-passes-{family}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family, new Dictionary<string, string>())), path);
        using var scorer = OnnxScorer.Open(path);
        // Run calls of exactly n items (PredictRows would apply the product's own pass size).
        void ScoreInRuns(int n)
        {
            for (int start = 0; start < rows32.Length; start += n)
            {
                var chunk = rows32.Skip(start).Take(n).ToArray();
                scorer.PredictProbabilities(chunk.SelectMany(r => r).ToArray(), [chunk.Length, .. table.ItemShape.Select(d => (long)d)]);
            }
        }
        var onnxCalls = new List<Action> { () => { foreach (var row in rows32) scorer.PredictRows([row], table.ItemShape, 1); } };
        onnxCalls.AddRange(sizes.Select(n => (Action)(() => ScoreInRuns(n))));
        var onnx = TimeInAlternation(onnxCalls).Select(ms => ms / 32).ToArray();
        Console.WriteLine($"| {family} (ONNX Runtime) | {rows}x{frames} | | | 1 | {onnx[0]:F1} | {string.Join(" | ", sizes.Select((_, i) => $"{onnx[i + 1]:F1}"))} | {scorer.ItemsPerRun(32, rows * frames)} |");
        File.Delete(path);
    }
}

/// <summary>
/// Median milliseconds of each call, the calls run one after another round after round, each round starting one call
/// further on (so each call is as often first, and as often after each other call), after two warm-up rounds; at least
/// <paramref name="minSeconds"/> and 6 rounds, and whole turns of the order. This VM's speed drifts by 10-30% within a
/// minute, and in a fixed order the same work timed 7% apart by its place in the round.
/// </summary>
static double[] TimeInAlternation(IReadOnlyList<Action> calls, double minSeconds = 6)
{
    for (int warmUp = 0; warmUp < 2; warmUp++) foreach (var call in calls) call();
    var times = calls.Select(_ => new List<double>()).ToArray();
    var total = Stopwatch.StartNew();
    for (int round = 0; total.Elapsed.TotalSeconds < minSeconds || round < 6 || round % calls.Count != 0; round++)
        for (int k = 0; k < calls.Count; k++)
        {
            int i = (round + k) % calls.Count;
            var clock = Stopwatch.StartNew();
            calls[i]();
            times[i].Add(clock.Elapsed.TotalMilliseconds);
        }
    return times.Select(BenchStatistics.Median).ToArray();
}

/// <summary>
/// Milliseconds per clip at batch 1 (a call for each of 32 clips) and at batch 32 (one call for the same clips), timed in alternation
/// (<see cref="TimeInAlternation"/>). Two warm-up rounds: ONNX Runtime's memory arena grows over the first two calls at
/// a new batch size (seed 001's CNN at batch 32: 65 and 141 ms per clip, then 14), which one warm-up left inside the average.
/// </summary>
static (double B1, double B32) TimeB1B32(Action<int, int> predictFirstCount)
{
    var medians = TimeInAlternation([() => { for (int i = 0; i < 32; i++) predictFirstCount(i, 1); }, () => predictFirstCount(0, 32)], minSeconds: 4);
    return (medians[0] / 32, medians[1] / 32);
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
