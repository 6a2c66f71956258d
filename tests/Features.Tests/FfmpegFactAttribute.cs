using MlNetGenre.Features.Audio;

namespace MlNetGenre.Features.Tests;

/// <summary>A fact skipped, with the reason, where the ffmpeg program is not installed.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!FfmpegDecoder.IsAvailable) Skip = "ffmpeg is not installed (" + FfmpegDecoder.InstallHint + "; .ci/run does this)";
    }
}
