using MlNetGenre.Core.Models;

namespace MlNetGenre.DeepModels.Tests;

public class TrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-train-").FullName;

    private static object Parameters(params (string Key, object Value)[] extra) => Parameters(Mlp, extra);

    private static object Parameters(DeepFamily family, params (string Key, object Value)[] extra)
    {
        var values = new Dictionary<string, object> { ["epochs"] = 5L, ["batch_size"] = 8L, ["learning_rate"] = 0.01, ["hidden"] = "16" };
        foreach (var (k, v) in extra) values[k] = v;
        return TestOptions.Bind(family, values);
    }

    private static DeepFamily Mlp => DeepFamily.All.Single(f => f.Name == "mlp");

    [Fact]
    public void A_batch_tensor_holds_exactly_the_values_it_was_made_from()
    {
        TorchRuntime.Initialize();
        var random = new Random(3);
        float[] values = Enumerable.Range(0, 2 * 3 * 5).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        using var made = Training.Trainer.FloatTensor(values, [2, 3, 5]);
        using var reference = TorchSharp.torch.tensor(values, [2, 3, 5]);
        Assert.Equal(new long[] { 2, 3, 5 }, made.shape);
        Assert.Equal(values, made.data<float>().ToArray());
        Assert.True(made.eq(reference).all().item<bool>());
        values[0] = 99f; // a copy: the buffer can be reused at once
        Assert.NotEqual(99f, made.data<float>()[0]);
        Assert.Throws<ArgumentException>(() => Training.Trainer.FloatTensor(values, [2, 3, 4]));
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_and_the_mlp_learns()
    {
        var table = TinyData.Vectors(3, 20, 6, seed: 11);
        var a = (DeepModel)Mlp.Fit(table, Parameters(), new FitContext(5));
        var b = (DeepModel)Mlp.Fit(table, Parameters(), new FitContext(5));
        Assert.Equal(a.PredictProbabilities(table.Rows[0]), b.PredictProbabilities(table.Rows[0]));
        Assert.Equal(5, a.History.Count);
        Assert.True(a.History[^1].TrainLoss < a.History[0].TrainLoss, "training loss falls");
        Assert.All(a.History, h => Assert.NotNull(h.ValidationLoss));
        double accuracy = table.Rows.Select((r, i) => Array.IndexOf(a.PredictProbabilities(r), a.PredictProbabilities(r).Max()) == table.ClassIndex[i]).Count(x => x) / (double)table.Count;
        Assert.True(accuracy > 0.6, $"training accuracy {accuracy:P0}");
    }

    [Fact]
    public void An_interrupted_fit_resumes_from_its_checkpoint_and_ends_as_an_uninterrupted_one()
    {
        var table = TinyData.Vectors(3, 20, 6, seed: 12);
        var parameters = Parameters(("scheduler", "step"), ("step_size", 2L), ("gamma", 0.5));
        var reference = (DeepModel)Mlp.Fit(table, parameters, new FitContext(9, WorkDirectory: Path.Combine(_folder, "reference")));

        string work = Path.Combine(_folder, "resumed");
        using var cancel = new CancellationTokenSource();
        var log = new List<string>();
        Assert.ThrowsAny<OperationCanceledException>(() => Mlp.Fit(table, parameters, new FitContext(9, cancel.Token, work, Log: line =>
        {
            log.Add(line);
            if (line.StartsWith("epoch 2/", StringComparison.Ordinal)) cancel.Cancel();
        })));
        var resumedLog = new List<string>();
        var resumed = (DeepModel)Mlp.Fit(table, parameters, new FitContext(9, WorkDirectory: work, Log: resumedLog.Add));
        Assert.Contains(resumedLog, l => l.StartsWith("resuming after epoch 2", StringComparison.Ordinal));
        Assert.DoesNotContain(resumedLog, l => l.StartsWith("epoch 1/", StringComparison.Ordinal));
        Assert.Equal(reference.History.Select(h => h.LearningRate), resumed.History.Select(h => h.LearningRate));
        Assert.Equal(reference.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(reference.PredictProbabilities(table.Rows[3]), resumed.PredictProbabilities(table.Rows[3]));
    }

    [Fact]
    public void A_nan_loss_stops_training_naming_the_epoch_and_learning_rate()
    {
        var table = TinyData.Vectors(3, 20, 6, seed: 13);
        var e = Assert.Throws<InvalidOperationException>(() => Mlp.Fit(table, Parameters(("learning_rate", 1e8), ("optimizer", "sgd")), new FitContext(1)));
        Assert.Contains("NaN or infinite in epoch", e.Message);
        Assert.Contains("learning rate 1E+08", e.Message);
    }

    [Fact]
    public void A_shape_that_does_not_fit_the_architecture_fails_before_training()
    {
        var tooSmall = TinyData.Matrices(2, 4, 8, 8, seed: 14);
        var log = new List<string>();
        var cnn = TestOptions.Family("cnn");
        var e = Assert.Throws<ArgumentException>(() => cnn.Fit(tooSmall, TestOptions.Bind(cnn, new Dictionary<string, object>()), new FitContext(1, Log: log.Add)));
        Assert.Contains("too small for 5 conv/pool blocks", e.Message);
        Assert.Empty(log);
        var vector = TinyData.Vectors(2, 4, 6, seed: 15);
        var lstm = TestOptions.Family("lstm");
        Assert.Contains("needs a 2-D input", Assert.Throws<ArgumentException>(() => lstm.Fit(vector, TestOptions.Bind(lstm, new Dictionary<string, object>()), new FitContext(1))).Message);
    }

    [Fact]
    public void Early_stopping_restores_the_best_epoch()
    {
        var table = TinyData.Vectors(3, 20, 6, seed: 16);
        var log = new List<string>();
        var model = (DeepModel)Mlp.Fit(table, Parameters(("epochs", 60L), ("patience", 2L), ("learning_rate", 0.05)),
            new FitContext(3, WorkDirectory: Path.Combine(_folder, "early"), Log: log.Add));
        Assert.True(model.History.Count < 60, "stopped early");
        Assert.Contains(log, l => l.StartsWith("early stopping", StringComparison.Ordinal));
        int best = model.History.MinBy(h => h.ValidationLoss!.Value)!.Epoch;
        Assert.Contains(log, l => l.EndsWith($"restoring epoch {best}", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
