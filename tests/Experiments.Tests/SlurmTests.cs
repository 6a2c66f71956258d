using System.Diagnostics;
using System.Text.Json.Nodes;
using MlNetGenre.Experiments.Cluster;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The cluster path against a real single-node Slurm (<see cref="SlurmCluster"/>): <c>mlnetgenre slurm --submit</c>
/// runs features, trials and report as dependent jobs whose results equal a plain run; a failing trial is reported
/// as failed by <c>status</c> and the report while the other trials are kept; a trial task cancelled mid-fit is
/// resubmitted and resumes from its last epoch.
/// </summary>
public sealed class SlurmTests(SlurmCluster cluster) : IClassFixture<SlurmCluster>, IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-slurmrun-").FullName;

    [SlurmFact]
    public void The_quickstart_through_slurm_with_four_tasks_equals_a_plain_run()
    {
        Assert.Null(cluster.Problem);
        string spec = Path.Combine(_folder, "quickstart.yaml");
        File.Copy(Path.Combine(ShippedExperimentsTests.RepositoryRoot(), "experiments", "quickstart.yaml"), spec);
        string job = Submit(spec, Path.Combine(_folder, "cluster"), tasks: 4);
        cluster.WaitFor(SlurmJob.Load(job).JobIds, JobTimeout);
        Assert.Contains("12 of 12 trials done", Cli("status", job));
        var clustered = Results(Path.Combine(_folder, "cluster", "quickstart"));

        Cli("run", spec, "--output", Path.Combine(_folder, "plain"));
        var plain = Results(Path.Combine(_folder, "plain", "quickstart"));
        Assert.True(JsonNode.DeepEquals(Figures(plain), Figures(clustered)),
            $"results.json figures differ:\nplain:   {Figures(plain).ToJsonString()}\nclusters: {Figures(clustered).ToJsonString()}");
        foreach (int task in Enumerable.Range(0, 4))
            Assert.Contains("3 trial(s) of shard", File.ReadAllText(Path.Combine(job, "logs", $"trials-{task}.out")));
    }

    [SlurmFact]
    public void A_failing_trial_is_reported_as_failed_by_status_and_the_report_and_the_others_are_kept()
    {
        Assert.Null(cluster.Problem);
        string spec = Path.Combine(_folder, "failing.yaml");
        File.WriteAllText(spec, """
            name: failing
            seed: 3
            dataset: {kind: synthetic, genres: 3, tracks_per_genre: 6, seconds: 3}
            audio: {sample_rate: 22050, clip_seconds: 3}
            features:
              - {name: mfcc, set: mfcc}
              - {name: matrix, set: mfcc-matrix, params: {n_mfcc: 13}}
            split: {kind: holdout, test_fraction: 0.34, repeats: 2}
            models:
              - {name: logreg, family: logistic-regression, features: mfcc}
              - {name: cnn, family: cnn, features: matrix, train: {epochs: 1}}
            """);
        string job = Submit(spec, Path.Combine(_folder, "out"), tasks: 2);
        cluster.WaitFor(SlurmJob.Load(job).JobIds, JobTimeout);
        string status = Cli("status", job);
        Assert.Contains("2 of 4 trials done", status);
        Assert.Contains("too small for 5 conv/pool blocks", status);
        var results = Results(Path.Combine(_folder, "out", "failing"));
        var models = results["models"]!.AsArray();
        var logreg = models.Single(m => m!["model"]!.GetValue<string>() == "logreg")!;
        var cnn = models.Single(m => m!["model"]!.GetValue<string>() == "cnn")!;
        Assert.Equal(0, logreg["failed_trials"]!.GetValue<int>());
        Assert.Equal(2, cnn["failed_trials"]!.GetValue<int>());
        Assert.Contains(results["trials"]!.AsArray(), t => t!["model"]!.GetValue<string>() == "cnn" && t["error"]!.GetValue<string>().Contains("too small"));
    }

    [SlurmFact]
    public void A_trial_task_cancelled_mid_fit_resumes_from_its_last_epoch_when_resubmitted()
    {
        Assert.Null(cluster.Problem);
        string spec = Path.Combine(_folder, "long.yaml");
        File.WriteAllText(spec, """
            name: long
            seed: 5
            dataset: {kind: synthetic, genres: 3, tracks_per_genre: 6, seconds: 3}
            audio: {sample_rate: 22050}
            features:
              - {name: mfcc, set: mfcc}
            split: {kind: holdout, test_fraction: 0.34}
            models:
              - {name: mlp, family: mlp, features: mfcc, params: {hidden: [16]}, train: {epochs: 3000, patience: 0}}
            """);
        string output = Path.Combine(_folder, "out");
        string job = Submit(spec, output, tasks: 1);
        var ids = SlurmJob.Load(job).JobIds;
        string log = Path.Combine(job, "logs", "trials-0.out");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(log) || !File.ReadAllText(log).Contains("epoch 5/3000"))
        {
            Assert.True(clock.Elapsed < JobTimeout, "the trial task never reached epoch 5");
            Thread.Sleep(200);
        }
        cluster.Client("scancel", ids[1]);
        cluster.WaitFor(ids, JobTimeout);
        Assert.Contains("no stored result", Results(Path.Combine(output, "long"))["trials"]!.AsArray()[0]!["error"]!.GetValue<string>());

        string record = SlurmJob.Load(job).Scripts[1], report = SlurmJob.Load(job).Scripts[2];
        string again = cluster.Client("sbatch", "--parsable", record).Trim();
        string reportAgain = cluster.Client("sbatch", "--parsable", $"--dependency=afterany:{again}", report).Trim();
        cluster.WaitFor([again, reportAgain], JobTimeout);
        Assert.Contains("resuming after epoch", File.ReadAllText(Path.Combine(job, "logs", "trials-0.out")));
        var latest = Results(Path.Combine(output, "long"));
        Assert.Equal("ok", latest["trials"]!.AsArray()[0]!["status"]!.GetValue<string>());
    }

    /// <summary>Runs <c>mlnetgenre slurm --submit</c>; returns the job folder it wrote.</summary>
    private string Submit(string spec, string output, int tasks)
    {
        Cli("slurm", spec, "--output", output, "--tasks", $"{tasks}", "--submit");
        string experiment = Directory.GetDirectories(output).Single();
        return Directory.GetDirectories(experiment, "slurm-*").Single();
    }

    /// <summary>The results.json of the newest finished run of an experiment folder.</summary>
    private static JsonNode Results(string experimentFolder)
    {
        string run = Directory.GetDirectories(experimentFolder).Where(d => File.Exists(Path.Combine(d, "results.json"))).Order().Last();
        return JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
    }

    /// <summary>Every figure of a run's models and trials except times, which differ between any two runs.</summary>
    private static JsonNode Figures(JsonNode results)
    {
        string[] timing = ["mean_fit_seconds", "mean_score_milliseconds_per_item", "fit_seconds", "score_seconds", "reused", "onnx", "grid", "epochs"];
        var copy = new JsonObject { ["models"] = results["models"]!.DeepClone(), ["trials"] = results["trials"]!.DeepClone() };
        foreach (var list in new[] { copy["models"]!.AsArray(), copy["trials"]!.AsArray() })
            foreach (var item in list.Select(i => i!.AsObject()))
                foreach (string field in timing) item.Remove(field);
        return copy;
    }

    private string Cli(params string[] arguments)
    {
        var start = CliProcess.StartInfo(arguments);
        start.WorkingDirectory = _folder;
        cluster.Configure(start);
        return CliProcess.RunToEnd(start);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
