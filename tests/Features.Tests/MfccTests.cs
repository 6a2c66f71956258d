using MlNetGenre.Features.Dsp;

namespace MlNetGenre.Features.Tests;

public sealed class MfccTests
{
    [Fact]
    public void A_constant_log_mel_spectrum_has_only_a_zeroth_coefficient()
    {
        // Orthonormal DCT-II of a constant c over N bands: c sqrt(N) in coefficient 0, zero elsewhere.
        var logMel = new FeatureMatrix(128, 3);
        logMel.Data.AsSpan().Fill(-20f);
        FeatureMatrix mfcc = Mfcc.FromLogMel(logMel);
        Assert.Equal((20, 3), (mfcc.Rows, mfcc.Columns));
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(-20 * Math.Sqrt(128), mfcc[0, t], 1e-4);
            for (int k = 1; k < 20; k++) Assert.Equal(0, mfcc[k, t], 1e-4);
        }
    }

    [Fact]
    public void A_cosine_basis_vector_gives_one_coefficient()
    {
        const int n = 40, k0 = 5;
        var logMel = new FeatureMatrix(n, 1);
        for (int j = 0; j < n; j++) logMel[j, 0] = (float)Math.Cos(Math.PI * k0 * (2 * j + 1) / (2.0 * n));
        FeatureMatrix mfcc = Mfcc.FromLogMel(logMel, 13);
        for (int k = 0; k < 13; k++)
            Assert.Equal(k == k0 ? Math.Sqrt(n / 2.0) : 0.0, mfcc[k, 0], 1e-5);
    }

    [Fact]
    public void The_full_dct_is_orthonormal_so_energy_is_kept()
    {
        var random = new Random(11);
        var logMel = new FeatureMatrix(64, 4);
        for (int i = 0; i < logMel.Data.Length; i++) logMel.Data[i] = (float)(random.NextDouble() * 80 - 60);
        FeatureMatrix mfcc = Mfcc.FromLogMel(logMel, 64);
        for (int t = 0; t < 4; t++)
        {
            double input = 0, output = 0;
            for (int j = 0; j < 64; j++) input += logMel[j, t] * (double)logMel[j, t];
            for (int k = 0; k < 64; k++) output += mfcc[k, t] * (double)mfcc[k, t];
            Assert.Equal(input, output, 1e-5 * input);
        }
    }

    [Fact]
    public void Mfcc_from_samples_is_the_dct_of_power_to_db_of_the_mel_spectrogram()
    {
        var random = new Random(5);
        float[] y = Enumerable.Range(0, 8000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var options = new MelOptions(NFft: 512, HopLength: 256, NMels: 40);
        FeatureMatrix direct = Mfcc.Compute(y, 8000, 13, options);
        FeatureMatrix staged = Mfcc.FromLogMel(Decibels.PowerToDb(MelSpectrogram.Compute(y, 8000, options)), 13);
        Assert.Equal(staged.Data, direct.Data);
        Assert.Equal((13, Stft.FrameCount(8000, options.StftOptions)), (direct.Rows, direct.Columns));
    }

    [Fact]
    public void N_mfcc_is_validated()
    {
        var logMel = new FeatureMatrix(20, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mfcc.FromLogMel(logMel, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mfcc.FromLogMel(logMel, 21));
    }
}
