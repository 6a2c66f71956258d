namespace MlNetGenre.Core.Models;

/// <summary>Implemented by fitted models trained over epochs (deep models, the MLP), so reports can draw their curves.</summary>
public interface ITrainingHistory
{
    IReadOnlyList<EpochRecord> History { get; }
}
