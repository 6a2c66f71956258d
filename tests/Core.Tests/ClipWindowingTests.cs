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

    [Fact]
    public void A_clip_that_is_the_whole_signal_shares_it_and_any_other_clip_is_a_copy()
    {
        var exact = new ClipWindowing(3 * Rate, 3 * Rate, Remainder.Pad, MinRemainder: 0.5);
        float[] three = Enumerable.Range(0, 3 * Rate).Select(i => (float)i).ToArray();
        Assert.Same(three, exact.CutOrShare(three, exact.Windows(three.Length)[0]));
        Assert.Same(three, ClipWindowing.WholeTrack.CutOrShare(three, ClipWindowing.WholeTrack.Windows(three.Length)[0]));

        float[] six = Enumerable.Range(0, 6 * Rate).Select(i => (float)i).ToArray();
        var second = exact.CutOrShare(six, exact.Windows(six.Length)[1]);
        Assert.NotSame(six, second);
        Assert.Equal(six[(3 * Rate)..], second);
        float[] two = new float[2 * Rate]; // padded to 3 s: a new, longer array
        var padded = exact.CutOrShare(two, exact.Windows(two.Length)[0]);
        Assert.Equal(3 * Rate, padded.Length);
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
