using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class DecibelsTests
{
    private static float[] Db(float[] s, double reference = 1.0, double amin = 1e-10, double? topDb = 80.0)
    {
        var result = new float[s.Length];
        Decibels.PowerToDb(s, result, reference, amin, topDb);
        return result;
    }

    [Fact]
    public void Powers_of_ten_give_multiples_of_ten_db() =>
        Assert.Equal([20f, 0f, -30f], Db([100f, 1f, 1e-3f], topDb: null).Select(v => MathF.Round(v, 4)));

    [Fact]
    public void Zero_is_floored_at_amin() =>
        Assert.Equal([-100f, -50f], [Db([0f], topDb: null)[0], Db([0f], amin: 1e-5, topDb: null)[0]]);

    [Fact]
    public void Negative_power_is_treated_as_amin() => Assert.Equal(-100f, Db([-1f], topDb: null)[0]);

    [Fact]
    public void Top_db_clips_relative_to_the_global_maximum()
    {
        float[] db = Db([1000f, 1f, 1e-6f, 0f], topDb: 80);
        Assert.Equal([30f, 0f, -50f, -50f], db.Select(v => MathF.Round(v, 4)));
        Assert.Equal([30f, 0f, -40f, -40f], Db([1000f, 1f, 1e-6f, 0f], topDb: 70).Select(v => MathF.Round(v, 4)));
        Assert.Equal([30f, 0f, -60f, -100f], Db([1000f, 1f, 1e-6f, 0f], topDb: null).Select(v => MathF.Round(v, 4)));
    }

    [Fact]
    public void Reference_shifts_by_its_level_and_its_sign_is_ignored()
    {
        Assert.Equal(10f, Db([100f], reference: 10)[0], 5);
        Assert.Equal(10f, Db([100f], reference: -10)[0], 5);
        Assert.Equal(100f, Db([1f], reference: 0)[0], 5); // ref floored at amin too
    }

    [Fact]
    public void Matrix_overload_keeps_the_shape_and_clips_over_the_whole_matrix()
    {
        var s = new FeatureMatrix(2, 2, [1f, 1e-9f, 1e-12f, 100f]);
        FeatureMatrix db = Decibels.PowerToDb(s);
        Assert.Equal((2, 2), (db.Rows, db.Columns));
        Assert.Equal([0f, -60f, -60f, 20f], db.Data.Select(v => MathF.Round(v, 4)));
        Assert.Equal(1f, s.Data[0]); // input untouched
    }

    [Fact]
    public void Amplitude_to_db_squares_its_input()
    {
        FeatureMatrix db = Decibels.AmplitudeToDb(new FeatureMatrix(1, 3, [10f, 1f, 0f]), topDb: null);
        Assert.Equal([20f, 0f, -100f], db.Data.Select(v => MathF.Round(v, 4)));
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Db([1f], amin: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Db([1f], topDb: -1));
    }

    [Fact]
    public void Nan_input_is_not_hidden() => Assert.All(Db([1f, float.NaN]), v => Assert.True(float.IsNaN(v)));

    [Fact]
    public void In_place_power_to_db_is_within_a_few_float32_ulps_of_ten_log10()
    {
        var random = new Random(5);
        // Twenty decades, both sides of 1 and of the power-of-two boundaries the range reduction splits at.
        float[] s = Enumerable.Range(0, 100_003).Select(_ => (float)Math.Pow(10, 20 * random.NextDouble() - 10)).ToArray();
        s[0] = 1f;
        s[1] = 1.41421356f;
        s[2] = 2f;
        s[3] = 0.7071068f;
        float[] db = (float[])s.Clone();
        Decibels.PowerToDbInPlace(db, topDb: null);
        for (int i = 0; i < s.Length; i++)
        {
            double expected = 10 * Math.Log10(Math.Max(s[i], 1e-10f));
            Assert.True(Math.Abs(db[i] - expected) <= 2e-5 + 4e-7 * Math.Abs(expected), $"10 log10({s[i]:R}) = {expected:R}, got {db[i]:R}");
        }
    }
}
