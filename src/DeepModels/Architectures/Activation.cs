namespace MlNetGenre.DeepModels.Architectures;

public enum Activation
{
    Relu,
    Selu,
}
