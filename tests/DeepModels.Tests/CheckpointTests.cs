using MlNetGenre.Core.Models;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>A checkpoint is one folder renamed into place: a crash while writing one leaves the previous epoch usable.</summary>
[Collection(TorchProcessState.Name)]
public class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-checkpoint-").FullName;

    [Fact]
    public void A_torn_checkpoint_write_resumes_from_the_last_complete_epoch_and_ends_as_an_uninterrupted_fit()
    {
        var table = TinyData.Vectors(3, 20, 6, seed: 31);
        var mlp = TestOptions.Family("mlp");
        var options = TestOptions.Bind(mlp, new Dictionary<string, object> { ["epochs"] = 4L, ["batch_size"] = 8L, ["hidden"] = "12", ["learning_rate"] = 0.01 });
        var reference = (DeepModel)mlp.Fit(table, options, new FitContext(4, WorkDirectory: Path.Combine(_folder, "reference")));

        // Stop after epoch 2, then add what a kill -9 in the middle of writing epoch 3's checkpoint leaves: a
        // half-written temporary folder beside the complete epoch 2 (older epochs go only after a newer one is complete).
        string work = Path.Combine(_folder, "torn");
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() => mlp.Fit(table, options, new FitContext(4, cancel.Token, work, Log: line =>
            {
                if (line.StartsWith("epoch 2/", StringComparison.Ordinal)) cancel.Cancel();
            })));
        Assert.True(Directory.Exists(Path.Combine(work, "epoch-0002")));
        string torn = Path.Combine(work, "epoch-0003.tmp-99999");
        Directory.CreateDirectory(torn);
        File.Copy(Path.Combine(work, "epoch-0002", "model.bin"), Path.Combine(torn, "model.bin"));
        File.WriteAllBytes(Path.Combine(torn, "optimizer.bin"), [1, 2, 3]);

        var log = new List<string>();
        var resumed = (DeepModel)mlp.Fit(table, options, new FitContext(4, WorkDirectory: work, Log: log.Add));
        Assert.Contains(log, l => l.StartsWith("resuming after epoch 2", StringComparison.Ordinal));
        Assert.Equal(reference.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
        Assert.Equal(reference.PredictProbabilities(table.Rows[0]), resumed.PredictProbabilities(table.Rows[0]));
        Assert.Empty(Directory.GetDirectories(work, "*.tmp*"));
    }

    [Fact]
    public void Only_the_newest_and_the_best_epochs_are_kept()
    {
        var table = TinyData.Vectors(3, 20, 6, seed: 32);
        var mlp = TestOptions.Family("mlp");
        var options = TestOptions.Bind(mlp, new Dictionary<string, object> { ["epochs"] = 6L, ["hidden"] = "8", ["learning_rate"] = 0.5 });
        string work = Path.Combine(_folder, "kept");
        var model = (DeepModel)mlp.Fit(table, options, new FitContext(2, WorkDirectory: work));
        int best = model.History.MinBy(h => h.ValidationLoss!.Value)!.Epoch;
        var kept = Directory.GetDirectories(work).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { $"epoch-{best:D4}", "epoch-0006" }.Distinct().Order(), kept);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
