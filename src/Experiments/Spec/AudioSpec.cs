namespace MlNetGenre.Experiments.Spec;

/// <summary><c>audio:</c> decoding and clipping. Clips of a track always stay in the same split part.</summary>
public sealed class AudioSpec : SpecNode
{
    /// <summary>Target rate in Hz, or <c>native</c> to keep each file's own rate.</summary>
    public string SampleRate { get; set; } = "22050";
    /// <summary>Clip length in seconds; 0 = whole tracks.</summary>
    public double ClipSeconds { get; set; }
    /// <summary>Hop between clip starts in seconds; 0 = the clip length (no overlap).</summary>
    public double ClipHopSeconds { get; set; }
    /// <summary>The part of a track shorter than a clip: <c>drop</c> or <c>pad</c> (zeros).</summary>
    public string Remainder { get; set; } = "drop";
}
