using TorchSharp;
using static TorchSharp.torch;

namespace MlNetGenre.DeepModels.Networks;

/// <summary>
/// The running value of a forward pass that frees each intermediate tensor as soon as the next one exists, rather than
/// when the caller's dispose scope ends. Without it a whole forward pass holds every layer's output at once: seed 001's
/// CNN at batch 32 (1.35 GB per layer output) held several GB, which is streamed from memory and, in this VM, page-faulted
/// afresh on every call (inference at batch 32 was slower per clip than at batch 1). Autograd keeps its own reference to
/// whatever the backward pass needs, so training is unaffected. The value it starts from (the caller's input) is never freed.
/// </summary>
internal sealed class Intermediate(Tensor start)
{
    private bool _owned;

    public Tensor Value { get; private set; } = start;

    /// <summary>Makes <paramref name="next"/> the value and frees the previous one (unless it was the starting input or is the same tensor).</summary>
    public Tensor Next(Tensor next)
    {
        if (_owned && !ReferenceEquals(next, Value)) Value.Dispose();
        Value = next;
        _owned = true;
        return next;
    }

    public static implicit operator Tensor(Intermediate x) => x.Value;
}
