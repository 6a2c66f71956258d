using System.Diagnostics;
using System.Text.Json;
using MlNetGenre.DeepModels.Networks;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Training;

/// <summary>
/// The training loop: mini-batches in a seeded order, cross-entropy (optionally class-weighted), Adam /
/// AdamW / SGD, step or plateau schedules, gradient clipping, early stopping on a validation part with
/// the best weights restored, a checkpoint after every epoch (an interrupted fit resumes from it), and a
/// clear stop when the loss becomes NaN. CPU runs with the same seed are repeatable.
/// </summary>
public static class Trainer
{
    private sealed record State(int Epoch, double BestMetric, int BestEpoch, int BadEpochs, List<EpochRecord> History);

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="train"/> (rows in memory or streamed from disk, standardised
    /// batch by batch with <paramref name="standardizer"/>), watching <paramref name="validation"/> when it has rows.
    /// </summary>
    public static IReadOnlyList<EpochRecord> Fit(Network network, IRowSource train, int[] trainLabels, IRowSource validation, int[] validationLabels,
        Standardizer standardizer, IReadOnlyList<int> itemShape, int classes, TrainingOptions options, FitContext context)
    {
        TorchRuntime.Initialize();
        torch.set_num_threads(Math.Max(1, context.Threads));
        var device = ChooseDevice(context);
        network.to(device);
        long[] shape = [.. itemShape.Select(d => (long)d)];
        var lossWeights = options.ClassWeights ? ClassWeights(trainLabels, classes).to(device) : null;
        using var loss = nn.CrossEntropyLoss(lossWeights);
        var optimizer = CreateOptimizer(network, options);
        var checkpoints = context.WorkDirectory is null ? null : new CheckpointFolder(context.WorkDirectory);
        var state = new State(0, double.NaN, 0, 0, []);
        if (checkpoints?.Latest() is { } latest)
        {
            state = CheckpointFolder.ReadState<State>(latest);
            network.load(CheckpointFolder.ModelFile(latest));
            optimizer.load_state_dict(CheckpointFolder.OptimizerFile(latest));
            context.Report($"resuming after epoch {state.Epoch} from {latest}");
        }
        var scheduler = Schedule(optimizer, options, state.History);
        bool haveValidation = validation.Count > 0;
        var buffers = new BatchReader.Buffers(); // one pair for every epoch's training and validation batches
        bool maximise = options.Monitor == Monitor.ValAccuracy;

        Dictionary<string, Tensor>? best = null;
        for (int epoch = state.Epoch + 1; epoch <= options.Epochs; epoch++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            torch.manual_seed(context.Seed * 7919L + epoch); // dropout draws depend on (seed, epoch) only, so a resumed run matches
            double lr = optimizer.ParamGroups.First().LearningRate;
            var (trainLoss, trainAccuracy) = RunEpoch(network, optimizer, loss, train, trainLabels, standardizer, buffers, shape, options, device, new Random(context.Seed * 31 + epoch), context.Cancellation);
            if (!double.IsFinite(trainLoss))
                throw new InvalidOperationException($"training diverged: the loss became NaN or infinite in epoch {epoch} at learning rate {lr:G3}; lower learning_rate or set gradient_clip");
            double? validationLoss = null, validationAccuracy = null;
            if (haveValidation)
            {
                var (vl, va) = Evaluate(network, loss, validation, validationLabels, standardizer, buffers, shape, options.BatchSize, device);
                (validationLoss, validationAccuracy) = (vl, va);
            }
            var record = new EpochRecord(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, lr, clock.Elapsed.TotalSeconds);
            var history = new List<EpochRecord>(state.History) { record };
            double metric = haveValidation ? (maximise ? validationAccuracy!.Value : validationLoss!.Value) : trainLoss;
            bool improved = double.IsNaN(state.BestMetric) || (maximise ? metric > state.BestMetric : metric < state.BestMetric);
            state = new State(epoch, improved ? metric : state.BestMetric, improved ? epoch : state.BestEpoch, improved ? 0 : state.BadEpochs + 1, history);
            if (improved)
            {
                DisposeAll(best);
                best = Snapshot(network);
            }
            Step(scheduler, options, metric);
            checkpoints?.Save(epoch, state.BestEpoch, path => network.save(path), path => optimizer.save_state_dict(path), state);
            context.Report($"epoch {epoch}/{options.Epochs}: loss {trainLoss:F4}, accuracy {trainAccuracy:F3}" +
                           (haveValidation ? $" | validation loss {validationLoss:F4}, accuracy {validationAccuracy:F3}" : "") + $" | lr {lr:G3} | {record.Seconds:F1} s");
            if (options.Patience > 0 && haveValidation && state.BadEpochs >= options.Patience)
            {
                context.Report($"early stopping after epoch {epoch}: no improvement of {Core.Options.OptionValues.EnumName(options.Monitor)} for {options.Patience} epochs; restoring epoch {state.BestEpoch}");
                break;
            }
        }
        // Early stopping ends with the best epoch's weights: from memory, or from the checkpoint folder when the best
        // epoch was before a resume. Grid-search fits (no folder) are scored with the same weights as the final fit.
        if (options.Patience > 0 && haveValidation)
        {
            if (best is not null) network.load_state_dict(best);
            else if (checkpoints?.WeightsOf(state.BestEpoch) is { } bestWeights) network.load(bestWeights);
        }
        DisposeAll(best);
        network.to(CPU);
        network.eval();
        return state.History;
    }

    /// <summary>A copy of every weight and buffer (batch-norm statistics included), outside any dispose scope.</summary>
    private static Dictionary<string, Tensor> Snapshot(Network network) =>
        network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors.Values) t.Dispose();
    }

    private static Device ChooseDevice(FitContext context)
    {
        bool cuda = torch.cuda.is_available();
        if (context.Device == ComputeDevice.Cuda && !cuda) context.Report("device cuda asked for but not available; training on CPU");
        var device = context.Device != ComputeDevice.Cpu && cuda ? CUDA : CPU;
        context.Report($"training on {(device.type == DeviceType.CUDA ? "CUDA" : "CPU")} with {torch.get_num_threads()} thread(s)");
        return device;
    }

    private static (double Loss, double Accuracy) RunEpoch(Network network, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> loss,
        IRowSource rows, int[] labels, Standardizer standardizer, BatchReader.Buffers buffers, long[] shape, TrainingOptions options, Device device, Random random, CancellationToken cancellation)
    {
        network.train();
        int[] order = Enumerable.Range(0, rows.Count).ToArray();
        random.Shuffle(order);
        double totalLoss = 0;
        int correct = 0;
        using var reader = new BatchReader(rows, order, options.BatchSize, standardizer, buffers);
        while (reader.TryNext(out var batch, out var values))
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var (x, y) = Batch(values, labels, batch, shape, device);
            optimizer.zero_grad();
            var logits = network.call(x);
            var value = loss.call(logits, y);
            value.backward();
            if (options.GradientClip > 0) nn.utils.clip_grad_norm_(network.parameters(), options.GradientClip);
            optimizer.step();
            totalLoss += value.item<float>() * batch.Length;
            correct += (int)logits.argmax(1).eq(y).sum().item<long>();
        }
        return (totalLoss / rows.Count, (double)correct / rows.Count);
    }

    private static (double Loss, double Accuracy) Evaluate(Network network, nn.Module<Tensor, Tensor, Tensor> loss, IRowSource rows, int[] labels,
        Standardizer standardizer, BatchReader.Buffers buffers, long[] shape, int batchSize, Device device)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        double totalLoss = 0;
        int correct = 0;
        using var reader = new BatchReader(rows, Enumerable.Range(0, rows.Count).ToArray(), batchSize, standardizer, buffers);
        while (reader.TryNext(out var batch, out var values))
        {
            using var scope = torch.NewDisposeScope();
            var (x, y) = Batch(values, labels, batch, shape, device);
            var logits = network.call(x);
            totalLoss += loss.call(logits, y).item<float>() * batch.Length;
            correct += (int)logits.argmax(1).eq(y).sum().item<long>();
        }
        return (totalLoss / rows.Count, (double)correct / rows.Count);
    }

    /// <summary>A batch's input and label tensors (the buffer is free again afterwards).</summary>
    private static (Tensor X, Tensor Y) Batch(ReadOnlySpan<float> values, int[] labels, ReadOnlySpan<int> batch, long[] shape, Device device)
    {
        var x = FloatTensor(values, [batch.Length, .. shape]).to(device);
        var batchLabels = new long[batch.Length];
        for (int i = 0; i < batch.Length; i++) batchLabels[i] = labels[batch[i]];
        var y = torch.tensor(batchLabels).to(device);
        return (x, y);
    }

    /// <summary>
    /// A float tensor holding a copy of <paramref name="values"/>, copied straight into native memory: torch.tensor
    /// would first clone them into a managed array kept until the tensor is freed (42 MB a batch for SongNet at
    /// batch 64, left for the GC to find, which raised the peak RSS of a streamed epoch by a few hundred MB).
    /// </summary>
    internal static Tensor FloatTensor(ReadOnlySpan<float> values, long[] shape)
    {
        var tensor = torch.empty(shape, ScalarType.Float32);
        if (tensor.numel() != values.Length) throw new ArgumentException($"{values.Length} values do not fill a tensor of shape [{string.Join(", ", shape)}]", nameof(values));
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(tensor.bytes);
        return tensor;
    }

    private static Tensor ClassWeights(int[] labels, int classes)
    {
        var counts = new double[classes];
        foreach (int l in labels) counts[l]++;
        return torch.tensor(counts.Select(c => c == 0 ? 0f : (float)(labels.Length / (classes * c))).ToArray());
    }

    private static OptimizerHelper CreateOptimizer(Network network, TrainingOptions o) => o.Optimizer switch
    {
        Optimizer.Sgd => ScalarSafeOptimizers.Sgd(network.parameters(), o.LearningRate, o.Momentum, o.WeightDecay, o.Nesterov, Decayed(o)),
        Optimizer.AdamW => ScalarSafeOptimizers.AdamW(network.parameters(), o.LearningRate, o.WeightDecay, Decayed(o)),
        _ => ScalarSafeOptimizers.Adam(network.parameters(), o.LearningRate, o.WeightDecay, Decayed(o)),
    };

    /// <summary>With <c>decay_biases: false</c>, only weight matrices and kernels (2 or more dimensions) are decayed.</summary>
    private static Func<TorchSharp.Modules.Parameter, bool>? Decayed(TrainingOptions o) => o.DecayBiases ? null : p => p.dim() >= 2;

    /// <summary>The scheduler, replayed over the epochs already trained (after a resume) from the initial learning rate.</summary>
    private static optim.lr_scheduler.LRScheduler? Schedule(optim.Optimizer optimizer, TrainingOptions o, IReadOnlyList<EpochRecord> past)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = o.LearningRate;
        optim.lr_scheduler.LRScheduler? scheduler = o.Scheduler switch
        {
            DeepModels.Schedule.Step => optim.lr_scheduler.StepLR(optimizer, o.StepSize, o.Gamma),
            DeepModels.Schedule.Plateau => optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode: o.Monitor == Monitor.ValAccuracy ? "max" : "min", factor: o.PlateauFactor, patience: o.PlateauPatience),
            _ => null,
        };
        foreach (var epoch in past)
            Step(scheduler, o, epoch.ValidationLoss is null ? epoch.TrainLoss : o.Monitor == Monitor.ValAccuracy ? epoch.ValidationAccuracy!.Value : epoch.ValidationLoss.Value);
        return scheduler;
    }

    private static void Step(optim.lr_scheduler.LRScheduler? scheduler, TrainingOptions o, double metric)
    {
        if (scheduler is null) return;
        if (o.Scheduler == DeepModels.Schedule.Plateau) scheduler.step(metric);
        else scheduler.step();
    }
}
