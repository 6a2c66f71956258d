using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Training;

/// <summary>
/// TorchSharp 0.107's Adam, AdamW and SGD with the same arithmetic, state and checkpoint format, but with
/// every scalar operand kept alive until libtorch has read it.
/// <para>
/// The library's own <c>step()</c> passes doubles where libtorch wants a <see cref="Scalar"/>
/// (<c>exp_avg.mul_(beta1).add_(grad, alpha: 1 - beta1)</c>): each becomes a temporary native Scalar whose
/// managed wrapper is unreachable once its handle is read, so a garbage collection on any other thread during
/// the native call finalizes it, and libtorch reads freed memory. Measured here (2-core Zen 5 VM): one thread
/// doing <c>t.mul_(0.5).add_(t, alpha: 0.25)</c> while another forces collections fails 11-60 times per
/// million steps with "Expected false to be true ... toFloat at c10/core/Scalar.h:140" or "Unknown scalar
/// type", the message that made deep-model tests fail now and then when other work allocated beside them
/// (parallel grid-search fits do). A freed scalar whose memory is reused before it is read would instead
/// update the weights with a wrong number without a word. TorchSharp pull request 1496 (open) is the
/// upstream fix; until it lands, these overrides hold each step's scalars in a <see cref="KeptScalars"/>.
/// </para>
/// </summary>
public static class ScalarSafeOptimizers
{
    /// <summary>Adam over <paramref name="parameters"/>, with weight decay on all of them, or on <paramref name="decayed"/> only when that is given.</summary>
    public static TorchSharp.Modules.OptimizerHelper Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double weightDecay,
        Func<TorchSharp.Modules.Parameter, bool>? decayed = null) =>
        new SafeAdam(Groups(parameters, decayed, weightDecay, (p, wd) => new TorchSharp.Modules.Adam.ParamGroup(p, lr, weight_decay: wd)), lr, weightDecay);

    public static TorchSharp.Modules.OptimizerHelper AdamW(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double weightDecay,
        Func<TorchSharp.Modules.Parameter, bool>? decayed = null) =>
        new SafeAdamW(Groups(parameters, decayed, weightDecay, (p, wd) => new TorchSharp.Modules.AdamW.ParamGroup(p, lr, weight_decay: wd)), lr, weightDecay);

    public static TorchSharp.Modules.OptimizerHelper Sgd(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr, double momentum, double weightDecay, bool nesterov,
        Func<TorchSharp.Modules.Parameter, bool>? decayed = null) =>
        new SafeSgd(Groups(parameters, decayed, weightDecay, (p, wd) => new TorchSharp.Modules.SGD.ParamGroup(p, lr, momentum, weight_decay: wd, nesterov: nesterov)),
            lr, momentum, weightDecay, nesterov);

    /// <summary>One group with the decay, and (when a filter is given) one without it for the parameters the filter leaves out.</summary>
    private static IEnumerable<TGroup> Groups<TGroup>(IEnumerable<TorchSharp.Modules.Parameter> parameters, Func<TorchSharp.Modules.Parameter, bool>? decayed,
        double weightDecay, Func<IEnumerable<TorchSharp.Modules.Parameter>, double, TGroup> group)
    {
        var all = parameters.ToList();
        if (decayed is null) return [group(all, weightDecay)];
        var (kept, free) = (all.Where(decayed).ToList(), all.Where(p => !decayed(p)).ToList());
        return new[] { (kept, weightDecay), (free, 0.0) }.Where(g => g.Item1.Count > 0).Select(g => group(g.Item1, g.Item2)).ToList();
    }

    /// <summary>Native scalars that stay reachable (so are never finalized) until the step that made them is over.</summary>
    private sealed class KeptScalars : IDisposable
    {
        private readonly List<Scalar> _scalars = [];

        public Scalar Of(double value)
        {
            var scalar = value.ToScalar();
            _scalars.Add(scalar);
            return scalar;
        }

        public void Dispose()
        {
            foreach (var scalar in _scalars) scalar.Dispose();
        }
    }

    /// <summary>Adam (L2 penalty added to the gradient, as torch.optim.Adam), without amsgrad or maximize.</summary>
    private sealed class SafeAdam(IEnumerable<TorchSharp.Modules.Adam.ParamGroup> groups, double lr, double weightDecay)
        : TorchSharp.Modules.Adam(groups, lr, weight_decay: weightDecay)
    {
        public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.Adam.ParamGroup>(group =>
        {
            var o = (TorchSharp.Modules.Adam.Options)group.Options;
            using var s = new KeptScalars();
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (TorchSharp.Modules.Adam.State)_state[param.Handle];
                state.step += 1;
                if (o.weight_decay!.Value != 0) grad = grad.add(param, alpha: s.Of(o.weight_decay.Value));
                AdamUpdate(param, grad, state.exp_avg, state.exp_avg_sq, state.step, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.LearningRate!.Value, s);
            }
        }, closure);
    }

    /// <summary>AdamW (decoupled weight decay, as torch.optim.AdamW), without amsgrad or maximize.</summary>
    private sealed class SafeAdamW(IEnumerable<TorchSharp.Modules.AdamW.ParamGroup> groups, double lr, double weightDecay)
        : TorchSharp.Modules.AdamW(groups, lr, weight_decay: weightDecay)
    {
        public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.AdamW.ParamGroup>(group =>
        {
            var o = (TorchSharp.Modules.AdamW.Options)group.Options;
            using var s = new KeptScalars();
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (TorchSharp.Modules.AdamW.State)_state[param.Handle];
                state.step += 1;
                param.mul_(s.Of(1 - o.LearningRate!.Value * o.weight_decay!.Value));
                AdamUpdate(param, grad, state.exp_avg, state.exp_avg_sq, state.step, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.LearningRate.Value, s);
            }
        }, closure);
    }

    /// <summary>SGD with optional momentum (dampening 0), Nesterov and L2 penalty, as torch.optim.SGD.</summary>
    private sealed class SafeSgd(IEnumerable<TorchSharp.Modules.SGD.ParamGroup> groups, double lr, double momentum, double weightDecay, bool nesterov)
        : TorchSharp.Modules.SGD(groups, lr, momentum, weight_decay: weightDecay, nesterov: nesterov)
    {
        public override Tensor step(Func<Tensor>? closure = null) => _step<TorchSharp.Modules.SGD.ParamGroup>(group =>
        {
            var o = group.Options;
            double momentumFactor = o.momentum!.Value, decay = o.weight_decay!.Value;
            using var s = new KeptScalars();
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (TorchSharp.Modules.SGD.State)_state[param.Handle];
                if (decay != 0) grad = grad.add(param, alpha: s.Of(decay));
                if (momentumFactor != 0)
                {
                    var buffer = state.momentum_buffer;
                    if (buffer is null) state.momentum_buffer = buffer = grad.clone().detach().DetachFromDisposeScope();
                    else buffer.mul_(s.Of(momentumFactor)).add_(grad, alpha: s.Of(1 - o.dampening!.Value));
                    grad = o.nesterov!.Value ? grad.add(buffer, alpha: s.Of(momentumFactor)) : buffer;
                }
                param.add_(grad, alpha: s.Of(-o.LearningRate!.Value));
            }
        }, closure);
    }

    /// <summary>The moment updates and parameter step shared by Adam and AdamW (torch.optim's formulas).</summary>
    private static void AdamUpdate(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, long step, double beta1, double beta2, double eps, double lr, KeptScalars s)
    {
        double biasCorrection1 = 1 - Math.Pow(beta1, step), biasCorrection2 = 1 - Math.Pow(beta2, step);
        expAvg.mul_(s.Of(beta1)).add_(grad, alpha: s.Of(1 - beta1));
        expAvgSq.mul_(s.Of(beta2)).addcmul_(grad, grad, value: s.Of(1 - beta2));
        var denominator = expAvgSq.sqrt().div_(s.Of(Math.Sqrt(biasCorrection2))).add_(s.Of(eps), s.Of(1)); // add_(scalar) alone would make its alpha 1 a temporary
        param.addcdiv_(expAvg, denominator, value: s.Of(-lr / biasCorrection1));
    }
}
