namespace MlNetGenre.DeepModels;

public enum Schedule
{
    None,
    Step,
    Plateau,
}
