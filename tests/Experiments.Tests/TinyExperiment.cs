using MlNetGenre.Experiments.Running;
using MlNetGenre.Experiments.Plan;

namespace MlNetGenre.Experiments.Tests;

/// <summary>A tiny synthetic experiment (3 genres x 8 tracks of 3 s) written to a temp folder, and helpers to run it.</summary>
internal sealed class TinyExperiment : IDisposable
{
    public const string Spec = """
        name: tiny
        seed: 7
        dataset:
          kind: synthetic
          genres: 3
          tracks_per_genre: 8
          seconds: 3
        features:
          - name: mfcc13
            set: mfcc
            params: {n_mfcc: 13}
        split:
          test_fraction: 0.25
        models:
          - name: logreg
            family: logistic-regression
            features: mfcc13
            params: {c: 10}
        """;

    /// <summary>The dataset lines of <see cref="Spec"/>, for tests that swap in another dataset.</summary>
    public const string SyntheticDataset = "  kind: synthetic\n  genres: 3\n  tracks_per_genre: 8\n  seconds: 3";

    public string Folder { get; } = Directory.CreateTempSubdirectory("mlnetgenre-tiny-").FullName;
    public RecordingRunLog Log { get; } = new();

    public string Write(string yaml, string name = "tiny.yaml")
    {
        string file = Path.Combine(Folder, name);
        File.WriteAllText(file, yaml);
        return file;
    }

    public RunResult Run(string yaml, IReadOnlyList<string>? only = null, string output = "out") =>
        new ExperimentRunner(Log).Run(PlanReader.ReadFile(Write(yaml), outputRoot: Path.Combine(Folder, output)),
            new ExperimentRunner.Options(only), CancellationToken.None);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
