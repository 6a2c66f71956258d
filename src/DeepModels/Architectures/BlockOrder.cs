using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels.Architectures;

/// <summary>The order of the layers inside one conv block (batch norm only where <c>batch_norm</c> is on).</summary>
public enum BlockOrder
{
    /// <summary>conv, batch norm, activation, max-pool (seed 002).</summary>
    [YamlName("conv-bn-act-pool")] ConvNormActPool,

    /// <summary>conv, activation, max-pool, batch norm (seed 001's Keras CNN).</summary>
    [YamlName("conv-act-pool-bn")] ConvActPoolNorm,
}
