using System.Diagnostics;
using System.Globalization;
using MlNetGenre.Core.Data;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Audio;
using MlNetGenre.Features.Datasets;

// The feature store at scale (issue 16): SongNet (seed 004) trained one epoch on the 128-band log-mel of whole
// 30 s synthetic tracks, over a store of >= 4.5 GB and over a 0.3 GB one (one epoch, and as many steps as the big
// one), each streamed from the store and held in memory; every run is a separate process whose peak RSS (VmHWM,
// the kernel's figure) it prints at its end, and whose memory over time goes to stderr (MemoryTraceLog). Then
// extraction of 1,000 tracks into the store against the same extraction holding the features in memory (what
// main did before the store).
//
//   dotnet run -c Release --project bench/StoreBench [-- --big-tracks 7000 --small-tracks 456 --extract-tracks 1000
//                                                       --extract-rounds 2 --only train|extract --out DIR]
// Needs ~5 GB of disk under --out (default bench/out/store) and about 15-25 minutes on 2 cores.

var options = args.Where(a => a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(a => a[2..], a => args[Array.IndexOf(args, a) + 1]);
if (args.Length > 0 && args[0] == "child") return Child(args[1], args[2], args.Length > 3 ? args[3] : "");

int bigTracks = int.Parse(options.GetValueOrDefault("big-tracks", "7000"), CultureInfo.InvariantCulture);
int smallTracks = int.Parse(options.GetValueOrDefault("small-tracks", "456"), CultureInfo.InvariantCulture);
int extractTracks = int.Parse(options.GetValueOrDefault("extract-tracks", "1000"), CultureInfo.InvariantCulture);
int extractRounds = int.Parse(options.GetValueOrDefault("extract-rounds", "2"), CultureInfo.InvariantCulture);
string only = options.GetValueOrDefault("only", "");
string root = Path.GetFullPath(options.GetValueOrDefault("out", Path.Combine(RepositoryRoot(), "bench", "out", "store")));
if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
Directory.CreateDirectory(root);
Console.WriteLine($"StoreBench: SongNet, 128-band log-mel of 30 s synthetic tracks (661,504 bytes a track), 1 epoch, batch 64; " +
                  $"{Environment.ProcessorCount} cores; .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

if (only != "extract") Training();
if (only != "train") Extraction();
return 0;

// SongNet over the small and the big store, streamed and held in memory.
void Training()
{
    // The small store trains as many optimizer steps as the big one (more epochs over fewer clips), so the two runs
    // differ in the size of their data only; its one-epoch run is shown too (5 steps: the allocator has not settled).
    int smallEpochs = (int)Math.Ceiling(bigTracks / (double)smallTracks);
    var rows = new List<string[]>();
    foreach (var (label, tracks, epochs) in new[] { ("small", smallTracks, 1), ("small", smallTracks, smallEpochs), ("big", bigTracks, 1) })
    {
        string name = $"{label}-e{epochs}";
        string spec = Spec(root, name, tracks, epochs: epochs);
        var streamed = RunChild("train", spec, Path.Combine(root, name + "-streamed"));
        // The same store, held in memory: a second output folder whose store is the first one's (no extraction, fresh trials).
        string memory = Path.Combine(root, name + "-memory");
        Directory.CreateDirectory(memory);
        Directory.CreateSymbolicLink(Path.Combine(memory, ".feature-store"), Path.Combine(root, name + "-streamed", ".feature-store"));
        var held = RunChild("train", Spec(root, name + "-memory", tracks, epochs: epochs, inMemoryMb: 100_000), memory);
        rows.Add([label, epochs.ToString(CultureInfo.InvariantCulture), streamed["steps"], streamed["store_gb"], "streamed", streamed["extract_s"], streamed["clips_per_s"], streamed["peak_rss_mb"], streamed["accuracy"]]);
        rows.Add([label, epochs.ToString(CultureInfo.InvariantCulture), held["steps"], held["store_gb"], "in memory", "-", held["clips_per_s"], held["peak_rss_mb"], held["accuracy"]]);
    }
    Console.WriteLine();
    Console.WriteLine("| store | epochs | steps | size (GB) | features | extraction (s) | training clips/s | peak RSS (MB) | test accuracy |");
    Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---:|---:|");
    foreach (var r in rows) Console.WriteLine("| " + string.Join(" | ", r) + " |");
    double Rss(int i) => double.Parse(rows[i][7], CultureInfo.InvariantCulture);
    double Speed(int i) => double.Parse(rows[i][6], CultureInfo.InvariantCulture);
    Console.WriteLine($"peak RSS, big store streamed / small store streamed with as many steps: {Rss(4) / Rss(2):F3} (target <= 1.10); " +
                      $"against the small store's single epoch: {Rss(4) / Rss(0):F3}; SongNet big streamed {Rss(4):F0} MB (target < 2048)");
    Console.WriteLine($"training throughput, streamed / in memory: big {Speed(4) / Speed(5):F3}, small (as many steps) {Speed(2) / Speed(3):F3} (target >= 0.90)");
}

// Extraction: the store against holding the features in memory, the same tracks, fresh processes, alternated
// (this VM's speed drifts by 20-30% between minutes, so only interleaved runs compare).
void Extraction()
{
    var perTrack = new Dictionary<string, List<double>> { ["extract-memory"] = [], ["extract-store"] = [] };
    var extractRss = new Dictionary<string, double>();
    for (int round = 0; round < extractRounds; round++)
        foreach (string mode in perTrack.Keys)
        {
            var measured = RunChild(mode, Spec(root, "extract", extractTracks), Path.Combine(root, $"{mode}-{round}"));
            perTrack[mode].Add(double.Parse(measured["extract_s"], CultureInfo.InvariantCulture) / extractTracks * 1000);
            extractRss[mode] = Math.Max(extractRss.GetValueOrDefault(mode), double.Parse(measured["peak_rss_mb"], CultureInfo.InvariantCulture));
        }
    double memoryMs = perTrack["extract-memory"].Average(), storeMs = perTrack["extract-store"].Average();
    Console.WriteLine($"extraction of {extractTracks} tracks (mean of {extractRounds} alternated runs each): in memory {memoryMs:F2} ms/track " +
                      $"({string.Join(", ", perTrack["extract-memory"].Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}; peak RSS {extractRss["extract-memory"]:F0} MB), " +
                      $"into the store {storeMs:F2} ms/track ({string.Join(", ", perTrack["extract-store"].Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}; " +
                      $"peak RSS {extractRss["extract-store"]:F0} MB): store / memory {storeMs / memoryMs:F3} (target <= 1.00)");
}

static string Spec(string root, string label, int tracks, int epochs = 1, int inMemoryMb = 0)
{
    int perGenre = (int)Math.Ceiling(tracks / 8.0);
    string file = Path.Combine(root, label + ".yaml");
    File.WriteAllText(file, $"""
        name: store-{label}
        seed: 4
        dataset:
          kind: synthetic
          genres: 8
          tracks_per_genre: {perGenre}
          seconds: 30
          in_memory_mb: {inMemoryMb}
        audio:
          sample_rate: 22050
          clip_seconds: 30
        features:
          - name: mel
            set: logmel
            params: {"{"}n_mels: 128{"}"}
        split:
          test_fraction: 0.2
        models:
          - name: songnet
            family: songnet
            features: mel
            train: {"{"}epochs: {epochs}, batch_size: 64, learning_rate: 0.001{"}"}
        report:
          formats: [md]
        """);
    return file;
}

// Runs this program as a child process for one measurement and returns what it printed as key=value lines.
static Dictionary<string, string> RunChild(string mode, string spec, string output)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
    foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "StoreBench.dll"), "child", mode, spec, output }) start.ArgumentList.Add(a);
    Console.Write($"{mode} {Path.GetFileNameWithoutExtension(spec)} -> {output} ... ");
    using var process = Process.Start(start)!;
    string text = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"child {mode} failed ({process.ExitCode}):\n{text}");
    var values = text.Split('\n').Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
    Console.WriteLine(string.Join(", ", values.Select(v => $"{v.Key} {v.Value}")));
    return values;
}

static int Child(string mode, string spec, string output)
{
    var plan = PlanReader.ReadFile(spec, outputRoot: output);
    var log = new MemoryTraceLog();
    var clock = Stopwatch.StartNew();
    if (mode == "extract-memory")
    {
        // What main did before the store: every track's items computed in parallel and held in memory.
        var dataset = (SyntheticDataset)((AudioTracks)plan.Dataset.Kind.Open(new DatasetRequest(null, 22050, plan.Seed), plan.Dataset.Options)).Dataset;
        var feature = plan.Features[0];
        var set = feature.Create(22050, plan.Audio.ItemSamples(22050));
        var windowing = plan.Audio.WindowingAt(22050);
        var items = new List<float[]>[dataset.Tracks.Count];
        Parallel.For(0, dataset.Tracks.Count, i =>
        {
            var signal = dataset.Load(dataset.Tracks[i]);
            items[i] = windowing.Windows(signal.Samples.Length).Select(w => set.Extract(new AudioSignal(windowing.Cut(signal.Samples, w), signal.SampleRate))).ToList();
        });
        Print("extract_s", clock.Elapsed.TotalSeconds);
        Print("items", items.Sum(i => i.Count));
    }
    else if (mode == "extract-store")
    {
        var data = PreparedData.Load(plan, plan.Models, log, CancellationToken.None);
        Print("extract_s", clock.Elapsed.TotalSeconds);
        Print("items", data.Tables.Values.First().Count);
    }
    else
    {
        var result = new ExperimentRunner(log).Run(plan, new ExperimentRunner.Options(null), CancellationToken.None);
        var trial = result.Trials.Single();
        if (trial.Error is not null) throw new InvalidOperationException(trial.Error);
        string store = Path.Combine(output, ".feature-store");
        Print("store_gb", Directory.GetFiles(store, "*.rows", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e9);
        Print("extract_s", log.FeaturesReadySeconds);
        int trainClips = (int)Math.Round(result.Splits[0].TrainItems * 0.8); // SongNet holds out 20% of the training tracks for validation
        Print("steps", trial.History.Count * Math.Ceiling(trainClips / 64.0));
        Print("clips_per_s", trial.History.Count * trainClips / trial.History.Sum(h => h.Seconds));
        Print("accuracy", trial.Predictions.Count(p => p.Predicted == p.Truth) / (double)trial.Predictions.Count);
    }
    Print("gen2_gcs", GC.CollectionCount(2));
    Print("peak_rss_mb", PeakRssMb());
    return 0;
}

static void Print(string key, double value) => Console.WriteLine($"{key}={value.ToString("0.###", CultureInfo.InvariantCulture)}");

static double PeakRssMb() => ProcStatus.Mb("VmHWM");

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "MlNetGenre.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("run from inside the repository");
}

/// <summary>
/// The run's messages to stderr with the resident set and its peak so far at each one (and every 5 s), so the
/// bench shows which phase sets the peak.
/// </summary>
sealed class MemoryTraceLog : IRunLog
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private string _last = "start";

    /// <summary>When the run's features were ready (its "Features: n of m tracks read from the feature store" line).</summary>
    public double FeaturesReadySeconds { get; private set; }

    public MemoryTraceLog() => _timer = new Timer(_ => Trace("  ... " + _last), null, 5000, 5000);

    public void Info(string message)
    {
        if (message.StartsWith("Features: ", StringComparison.Ordinal)) FeaturesReadySeconds = _clock.Elapsed.TotalSeconds;
        Trace(_last = message);
    }
    public void Warning(string message) => Trace(_last = "warning: " + message);
    public IStageProgress Stage(string description, int total)
    {
        Info(description);
        return new NoStage();
    }

    private void Trace(string message) =>
        Console.Error.WriteLine(FormattableString.Invariant($"  [{_clock.Elapsed.TotalSeconds,6:F1} s rss {ProcStatus.Mb("VmRSS"),6:F0} MB peak {ProcStatus.Mb("VmHWM"),6:F0} MB, managed {GC.GetTotalMemory(false) / 1048576.0,5:F0} MB] {(message.Length > 110 ? message[..110] : message)}"));

    private sealed class NoStage : IStageProgress
    {
        public void Advance() { }
        public void Dispose() { }
    }
}

/// <summary>Memory figures of this process as the kernel reports them in /proc/self/status, in MB.</summary>
static class ProcStatus
{
    public static double Mb(string field) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).First();
}
