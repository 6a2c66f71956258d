using MlNetGenre.Core.Data;

namespace MlNetGenre.Core.Tests;

public class ClipWindowingTests
{
    private const int Rate = 22050;

    [Fact]
    public void A_gtzan_track_of_30_013_s_gives_one_30_s_clip_not_a_second_one_of_silence()
    {
        var windowing = new ClipWindowing(30 * Rate, 30 * Rate, Remainder.Pad, MinRemainder: 0.5);
        int length = (int)(30.013 * Rate);
        var windows = windowing.Windows(length);
        Assert.Equal([(0, 30 * Rate)], windows);
    }

    [Fact]
    public void A_track_shorter_than_a_clip_is_padded_to_one_clip()
    {
        var windowing = new ClipWindowing(30 * Rate, 30 * Rate, Remainder.Pad, MinRemainder: 0.5);
        var windows = windowing.Windows(29 * Rate);
        Assert.Equal([(0, 29 * Rate)], windows);
        var clip = windowing.Cut(new float[29 * Rate].Select(_ => 1f).ToArray(), windows[0]);
        Assert.Equal(30 * Rate, clip.Length);
        Assert.Equal(1f, clip[29 * Rate - 1]);
        Assert.Equal(0f, clip[29 * Rate]);
    }

    [Theory]
    [InlineData(0.5, 10.4, 10)] // 0.4 s left of a 1 s clip: below half, dropped
    [InlineData(0.5, 10.6, 11)] // 0.6 s left: padded to an eleventh clip
    [InlineData(0.0, 10.01, 11)] // any remainder padded when min_remainder is 0
    public void The_remainder_is_padded_only_when_it_holds_min_remainder_of_a_clip(double minRemainder, double seconds, int expected)
    {
        var clipOfOne = new ClipWindowing(Rate, Rate, Remainder.Pad, minRemainder);
        int count = clipOfOne.Windows((int)Math.Round(seconds * Rate)).Count;
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Dropping_leaves_the_remainder_out_even_when_no_clip_fits()
    {
        var windowing = new ClipWindowing(Rate, Rate / 2, Remainder.Drop, 0.5);
        Assert.Equal(3, windowing.Windows(2 * Rate).Count); // starts 0, 0.5 s, 1 s
        Assert.Empty(windowing.Windows(Rate - 1));
    }
}
