namespace MlNetGenre.Features.Audio;

/// <summary>Mono audio: samples in [-1, 1) at a sample rate in Hz, as librosa.load returns them.</summary>
public sealed record AudioSignal(float[] Samples, int SampleRate)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}
