using MlNetGenre.Core.Options;

namespace MlNetGenre.DeepModels;

public enum Optimizer
{
    Adam,
    [YamlName("adamw")] AdamW,
    Sgd,
}
