using MlNetGenre.DeepModels.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>
/// The optimizers the trainer uses compute exactly what TorchSharp's own Adam, AdamW and SGD compute, and keep
/// computing it while other threads force garbage collections (which made TorchSharp's own step read freed
/// scalars: ScalarSafeOptimizers explains).
/// They run alone: the collecting thread would pause every other test of the assembly.
/// </summary>
[Collection(TorchProcessState.Name)]
public class ScalarSafeOptimizerTests
{
    public ScalarSafeOptimizerTests() => TorchRuntime.Initialize();

    public static TheoryData<string> Kinds => ["adam", "adamw", "sgd"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Steps_equal_torchsharps_own_optimizer(string kind)
    {
        float[] ours = Train(kind, safe: true, steps: 25);
        float[] theirs = Train(kind, safe: false, steps: 25);
        Assert.Equal(theirs.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++) Assert.Equal(theirs[i], ours[i], 7f);
        Assert.NotEqual(Train(kind, safe: true, steps: 0), ours); // the steps did move the weights
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Steps_are_unchanged_while_other_threads_collect_garbage(string kind)
    {
        float[] quiet = Train(kind, safe: true, steps: 2000);
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        });
        collector.Start();
        try
        {
            for (int run = 0; run < 3; run++)
                Assert.Equal(quiet, Train(kind, safe: true, steps: 2000));
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decay_can_leave_biases_alone(string kind)
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(torch.ones(3, 6));
        var bias = new Parameter(torch.ones(3));
        Func<Parameter, bool> weightsOnly = p => p.dim() >= 2;
        using var optimizer = kind switch
        {
            "adam" => ScalarSafeOptimizers.Adam([weight, bias], 0.1, weightDecay: 0.5, weightsOnly),
            "adamw" => ScalarSafeOptimizers.AdamW([weight, bias], 0.1, weightDecay: 0.5, weightsOnly),
            _ => ScalarSafeOptimizers.Sgd([weight, bias], 0.1, momentum: 0.9, weightDecay: 0.5, nesterov: false, weightsOnly),
        };
        optimizer.zero_grad();
        ((weight.sum() + bias.sum()) * torch.zeros(1)).sum().backward(); // zero gradients: only the decay moves anything
        optimizer.step();
        Assert.All(bias.data<float>().ToArray(), v => Assert.Equal(1f, v));
        Assert.All(weight.data<float>().ToArray(), v => Assert.True(v < 1f, $"{kind}: a decayed weight stayed at {v}"));
    }

    /// <summary>A 6 -> 3 linear layer from fixed weights, trained on one fixed batch; returns the final weights.</summary>
    private static float[] Train(string kind, bool safe, int steps)
    {
        using var scope = NewDisposeScope();
        var weight = new Parameter(torch.tensor(Enumerable.Range(0, 18).Select(i => MathF.Sin(i * 0.7f) * 0.3f).ToArray(), [3, 6]));
        var bias = new Parameter(torch.zeros(3));
        Parameter[] parameters = [weight, bias];
        var x = torch.tensor(Enumerable.Range(0, 48).Select(i => MathF.Cos(i * 0.31f)).ToArray(), [8, 6]);
        var y = torch.tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        using var optimizer = (kind, safe) switch
        {
            ("adam", true) => ScalarSafeOptimizers.Adam(parameters, 0.01, weightDecay: 0.01),
            ("adam", false) => optim.Adam(parameters, 0.01, weight_decay: 0.01),
            ("adamw", true) => ScalarSafeOptimizers.AdamW(parameters, 0.01, weightDecay: 0.01),
            ("adamw", false) => optim.AdamW(parameters, 0.01, weight_decay: 0.01),
            ("sgd", true) => ScalarSafeOptimizers.Sgd(parameters, 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true),
            _ => (optim.Optimizer)optim.SGD(parameters, 0.05, momentum: 0.9, weight_decay: 0.01, nesterov: true),
        };
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(nn.functional.linear(x, weight, bias), y).backward();
            optimizer.step();
        }
        return [.. weight.data<float>(), .. bias.data<float>()];
    }
}
