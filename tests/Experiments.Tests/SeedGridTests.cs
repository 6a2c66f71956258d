using System.Globalization;
using System.Text;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// experiments/seed001-gtzan-baselines-csv.yaml, unchanged, on a table in the layout of Kaggle's GTZAN
/// <c>features_30_sec.csv</c> (filename, length, the 57 features, label): every model runs seed 001's full grid
/// (kNN 14 x 2, logistic regression 6, random forest 20 depths x 5 sizes x 2 criteria, AdaBoost over forests and
/// gradient boosting 20 learning rates x 26 sizes) by 5-fold CV on every repeat, and learns the table.
/// </summary>
public class SeedGridTests : IDisposable
{
    private static readonly string[] Genres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-seedgrid-").FullName;

    [Fact]
    public void Seed001_csv_experiment_runs_the_seeds_full_grids_on_the_kaggle_table_layout()
    {
        string csv = WriteKaggleTable(Path.Combine(_folder, "features_30_sec.csv"), tracksPerGenre: 20);
        string yaml = Path.Combine(ShippedExperimentsTests.RepositoryRoot(), "experiments", "seed001-gtzan-baselines-csv.yaml");
        var plan = PlanReader.ReadFile(yaml, datasetRoot: csv, outputRoot: Path.Combine(_folder, "out"));
        var run = new ExperimentRunner(new RecordingRunLog()).Run(plan, new ExperimentRunner.Options(null), CancellationToken.None);

        var expectedGrid = new Dictionary<string, int>
        {
            ["knn-all"] = 14 * 2, ["logreg-all"] = 6, ["forest-all"] = 20 * 5 * 2, ["adaboost-all"] = 20 * 26, ["boosting-all"] = 20 * 26,
        };
        Assert.Equal(expectedGrid.Keys.Order(), run.Models.Select(m => m.Model).Order());
        foreach (var model in run.Models)
        {
            var trials = run.Trials.Where(t => t.Model == model.Model).ToList();
            Assert.Equal(3, trials.Count); // the YAML's three repeats
            Assert.All(trials, t => Assert.Equal(TrialResult.Succeeded, t.Status));
            Assert.All(trials, t => Assert.Equal(expectedGrid[model.Model], t.Grid.Count));
            Assert.All(trials, t => Assert.All(t.Grid, c => Assert.Equal(5, c.FoldScores.Count)));
            Assert.True(model.Accuracy.Mean > 0.4, $"{model.Model}: accuracy {model.Accuracy.Mean:F3} on a learnable table (chance 0.1; on such data scikit-learn's gradient boosting at lr 0.3 x 50 trees scores 0.39, the other families about 0.9)");
        }
        Assert.Contains(run.Models, m => m.Model == "forest-all" && m.Parameters.Length > 0);
    }

    /// <summary>
    /// Kaggle's column layout with values from one Gaussian per genre and feature (means spread by genre, unit
    /// spread), so every family has something to learn and the grids have real differences to choose from.
    /// </summary>
    private static string WriteKaggleTable(string path, int tracksPerGenre)
    {
        string[] features =
        [
            "chroma_stft_mean", "chroma_stft_var", "rms_mean", "rms_var", "spectral_centroid_mean", "spectral_centroid_var",
            "spectral_bandwidth_mean", "spectral_bandwidth_var", "rolloff_mean", "rolloff_var", "zero_crossing_rate_mean",
            "zero_crossing_rate_var", "harmony_mean", "harmony_var", "perceptr_mean", "perceptr_var", "tempo",
            .. Enumerable.Range(1, 20).SelectMany(i => new[] { $"mfcc{i}_mean", $"mfcc{i}_var" }),
        ];
        Assert.Equal(57, features.Length);
        var random = new Random(2001);
        var means = Genres.Select(_ => features.Select(_ => random.NextDouble() * 2.0).ToArray()).ToArray();
        var text = new StringBuilder("filename,length," + string.Join(",", features) + ",label\n");
        for (int g = 0; g < Genres.Length; g++)
            for (int t = 0; t < tracksPerGenre; t++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Genres[g]}.{t:D5}.wav,661794");
                foreach (double mean in means[g])
                {
                    double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    text.Append(',').Append((mean + gaussian).ToString("R", CultureInfo.InvariantCulture));
                }
                text.Append(',').Append(Genres[g]).Append('\n');
            }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
