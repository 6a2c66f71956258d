namespace MlNetGenre.DeepModels.Architectures;

/// <summary>How a recurrent net turns its outputs over time into one vector.</summary>
public enum TimePooling
{
    /// <summary>The mean over all steps (seed 000's BGRU).</summary>
    Mean,

    /// <summary>Each direction's final state: the forward direction's last step, the backward direction's first (Keras' <c>return_sequences=False</c>, seed 001's LSTM).</summary>
    Last,
}
