using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Splitting;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.FeatureSets;

// Baselines side by side with scikit-learn (issue 12): the same feature table, the same 5 repeated 75/25 splits,
// equivalent grids searched by 5-fold CV on the training part, both sides on all cores (GridSearchCV n_jobs = cores).
// Prints test accuracy (mean and 95% t-interval over the repeats), grid wall time (search + refit) and the ratio,
// and peak RSS of both processes. The peer is Debian's python3-sklearn, run in the same invocation.
//
//   dotnet run -c Release --project bench/BaselineBench [-- --table t.csv] [--repeats 5] [--folds 5] [--families knn,...] [--no-peer]
// Without --table it uses (and on the first run builds, ~3 min) the synthetic generator's 1,000 tracks through kaggle-gtzan.

var options = ParseArgs(args);
int repeats = int.Parse(options.GetValueOrDefault("repeats", "5"), CultureInfo.InvariantCulture);
int folds = int.Parse(options.GetValueOrDefault("folds", "5"), CultureInfo.InvariantCulture);
string outDir = Path.GetFullPath(Path.Combine(RepositoryRoot(), "bench", "out"));
Directory.CreateDirectory(outDir);
string tablePath = options.TryGetValue("table", out var t) ? Path.GetFullPath(t) : SyntheticTable(outDir);
var table = FeaturesCsvReader.Read(tablePath, [], skipBadRows: false).Table;
Console.WriteLine($"BaselineBench: {table.Count} items x {table.FeatureNames.Count} features, {table.ClassNames.Count} classes ({tablePath}); " +
                  $"{repeats} repeated 75/25 splits, {folds}-fold CV grids; {Environment.ProcessorCount} cores; .NET {Environment.Version}");

// Each family: our YAML model entry and the equivalent scikit-learn grid (same candidates).
var families = new (string Name, string Ours, string SklearnFamily, JsonObject SklearnGrid)[]
{
    ("knn", "family: knn\n    grid: {k: {from: 4, to: 30, step: 2}, weights: [uniform, distance]}", "knn",
        new() { ["n_neighbors"] = Range(4, 30, 2), ["weights"] = new JsonArray("uniform", "distance") }),
    ("logistic-regression", "family: logistic-regression\n    params: {max_iter: 1000}\n    grid: {c: [0.001, 0.01, 0.1, 1, 10, 100]}", "logistic-regression",
        new() { ["C"] = new JsonArray(0.001, 0.01, 0.1, 1, 10, 100) }),
    ("linear-svm", "family: linear-svm\n    grid: {c: [0.001, 0.01, 0.1, 1, 10, 100]}", "linear-svm",
        new() { ["C"] = new JsonArray(0.001, 0.01, 0.1, 1, 10, 100) }),
    ("random-forest", "family: random-forest\n    grid: {trees: [100, 300], max_depth: [none, 10, 20]}", "random-forest",
        new() { ["n_estimators"] = new JsonArray(100, 300), ["max_depth"] = new JsonArray(null, 10, 20) }),
    ("gradient-boosting", "family: gradient-boosting\n    params: {trees: 100, max_depth: none, min_samples_leaf: 20}\n    grid: {learning_rate: [0.05, 0.1], max_leaf_nodes: [15, 31]}",
        "gradient-boosting", new() { ["learning_rate"] = new JsonArray(0.05, 0.1), ["max_leaf_nodes"] = new JsonArray(15, 31) }),
    ("adaboost", "family: adaboost\n    grid: {estimators: [50, 100], learning_rate: [0.5, 1.0]}", "adaboost",
        new() { ["n_estimators"] = new JsonArray(50, 100), ["learning_rate"] = new JsonArray(0.5, 1.0), ["algorithm"] = new JsonArray("SAMME") }),
    ("mlp", "family: mlp\n    params: {hidden: [256, 128], dropout: 0, epochs: 200, batch_size: 200, validation_fraction: 0, patience: 0}\n    grid: {learning_rate: [0.001, 0.01], weight_decay: [0.0001, 0.001]}",
        "mlp", new() { ["hidden_layer_sizes"] = new JsonArray(new JsonArray(256, 128)), ["learning_rate_init"] = new JsonArray(0.001, 0.01), ["alpha"] = new JsonArray(0.0001, 0.001) }),
};
if (options.TryGetValue("families", out var only)) families = families.Where(f => only.Split(',').Contains(f.Name)).ToArray();

var splits = Enumerable.Range(0, repeats).Select(r => StratifiedGroupSplitter.Holdout(table.ClassIndex, table.TrackIds, 0.25, seed: 100 + r)).ToArray();
string yaml = $"name: baseline-bench\ndataset:\n  kind: features-csv\n  path: {tablePath}\nfeatures:\n  - name: all\n    set: csv\nmodels:\n" +
              string.Join("", families.Select(f => $"  - name: {f.Name}\n    features: all\n    cv: {{folds: {folds}}}\n    {f.Ours}\n"));
var plan = PlanReader.Parse(yaml, Path.Combine(outDir, "baseline-bench.yaml"));

// Untimed warm-up (the JIT's optimised tier; the peer warms its worker pool the same way): each family once on a few rows.
var warmRows = table.Select(splits[0].Kept.Take(200).ToArray());
foreach (var model in plan.Models) model.Family.Fit(warmRows, model.Candidates[0], new FitContext(1, Threads: Environment.ProcessorCount));

var ours = new Dictionary<string, List<(double Accuracy, double Seconds)>>();
foreach (var model in plan.Models)
{
    ours[model.Name] = [];
    for (int r = 0; r < repeats; r++)
    {
        var (train, test) = (table.Select(splits[r].Kept), table.Select(splits[r].HeldOut));
        var context = new FitContext(100 + r, Threads: Environment.ProcessorCount);
        var clock = Stopwatch.StartNew();
        var (best, _) = CandidateSearch.Select(model, train, context);
        var fitted = model.Family.Fit(train, best, context);
        double seconds = clock.Elapsed.TotalSeconds;
        double accuracy = Enumerable.Range(0, test.Count).Count(i => Evaluation.ArgMax(fitted.PredictProbabilities(test.Rows[i])) == test.ClassIndex[i]) / (double)test.Count;
        ours[model.Name].Add((accuracy, seconds));
        Console.WriteLine($"  ours    {model.Name,-20} repeat {r}: accuracy {accuracy:F3}, grid + refit {seconds,7:F2} s ({model.Candidates.Count} candidates)");
    }
}
double oursPeakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;

JsonObject? peer = null;
if (!options.ContainsKey("no-peer"))
{
    string splitsFile = Path.Combine(outDir, "baseline-splits.json"), gridsFile = Path.Combine(outDir, "baseline-grids.json"), peerFile = Path.Combine(outDir, "baseline-peer.json");
    File.WriteAllText(splitsFile, JsonSerializer.Serialize(new { repeats = splits.Select(s => new { train = s.Kept, test = s.HeldOut }) }));
    var grids = new JsonObject();
    foreach (var f in families) grids[f.SklearnFamily] = f.SklearnGrid.DeepClone();
    File.WriteAllText(gridsFile, grids.ToJsonString());
    string script = Path.Combine(RepositoryRoot(), "bench", "BaselineBench", "sklearn_peer.py");
    var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
    foreach (string a in new[] { script, "--table", tablePath, "--splits", splitsFile, "--grids", gridsFile, "--out", peerFile, "--n-jobs", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), "--seed", "100", "--cv-folds", folds.ToString(CultureInfo.InvariantCulture) })
        start.ArgumentList.Add(a);
    using var python = Process.Start(start)!;
    while (python.StandardOutput.ReadLine() is { } line) Console.WriteLine("  sklearn " + line);
    python.WaitForExit();
    if (python.ExitCode == 0) peer = JsonNode.Parse(File.ReadAllText(peerFile))!.AsObject();
    else Console.WriteLine($"  the scikit-learn peer failed (exit {python.ExitCode}); install python3-sklearn (apt-get install python3-sklearn)");
}

Console.WriteLine();
Console.WriteLine("| family | ours: test accuracy (95% CI) | scikit-learn: test accuracy (95% CI) | Δ points | ours: grid wall (s) | scikit-learn (s) | ours / sklearn time |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var f in families)
{
    var mine = ours[f.Name];
    var theirs = peer?["results"]!.AsArray().Where(n => n!["family"]!.GetValue<string>() == f.SklearnFamily)
        .Select(n => (Accuracy: n!["accuracy"]!.GetValue<double>(), Seconds: n["grid_seconds"]!.GetValue<double>())).ToList();
    string Interval(IReadOnlyList<double> v) => $"{v.Average():F3} [{v.Average() - HalfWidth(v):F3}, {v.Average() + HalfWidth(v):F3}]";
    double myTime = mine.Average(m => m.Seconds);
    string peerPart = theirs is { Count: > 0 }
        ? $"{Interval(theirs.Select(x => x.Accuracy).ToList())} | {100 * (mine.Average(m => m.Accuracy) - theirs.Average(x => x.Accuracy)):+0.0;-0.0} | {myTime:F2} | {theirs.Average(x => x.Seconds):F2} | {myTime / theirs.Average(x => x.Seconds):F2}x"
        : $"- | - | {myTime:F2} | - | -";
    Console.WriteLine($"| {f.Name} | {Interval(mine.Select(m => m.Accuracy).ToList())} | {peerPart} |");
}
Console.WriteLine($"\nPeak RSS: ours {oursPeakMb:F0} MB" + (peer is null ? "" :
    $", scikit-learn {peer["peak_rss_self_plus_workers_vmhwm_mb"]?.GetValue<double>() ?? peer["peak_rss_mb"]!.GetValue<double>():F0} MB (main process plus its workers' peaks)"));
return 0;

static double HalfWidth(IReadOnlyList<double> values)
{
    if (values.Count < 2) return 0;
    double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    return MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
}

static JsonArray Range(int from, int to, int step) => new(Enumerable.Range(0, (to - from) / step + 1).Select(i => (JsonNode?)JsonValue.Create(from + i * step)).ToArray());

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>();
    for (int i = 0; i < args.Length; i++)
        if (args[i].StartsWith("--", StringComparison.Ordinal))
            result[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
    return result;
}

static string SyntheticTable(string outDir)
{
    string path = Path.Combine(outDir, "synthetic1000-kaggle-gtzan.csv");
    if (File.Exists(path)) return path;
    Console.WriteLine("Building the synthetic 1,000-track kaggle-gtzan table (once; about 3 minutes on 2 cores)...");
    var dataset = new SyntheticDataset(8, 125, 30, 22050, seed: 7);
    var feature = new FeaturePlan("kaggle", FeatureSetKinds.Registry["kaggle-gtzan"], FeatureSetKinds.Registry["kaggle-gtzan"].DefaultOptions);
    var result = FeatureExtractionStage.Run(dataset, [feature], new AudioPlan(22050, 0, 0, Remainder.Drop, 0.5, 30), BadFilePolicy.Fail, new SilentLog(), CancellationToken.None);
    var rows = result.Tables["kaggle"];
    using var writer = new StreamWriter(path + ".tmp");
    writer.WriteLine("filename,label," + string.Join(",", rows.FeatureNames));
    for (int i = 0; i < rows.Count; i++)
        writer.WriteLine($"{rows.ItemIds[i].Split('/')[^1]}.wav,{rows.ClassNames[rows.ClassIndex[i]]}," + string.Join(",", rows.Rows[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    writer.Close();
    File.Move(path + ".tmp", path);
    return path;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "MlNetGenre.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("MlNetGenre.sln not found");
}
