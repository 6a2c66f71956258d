namespace MlNetGenre.DeepModels;

public enum Monitor
{
    ValLoss,
    ValAccuracy,
}
