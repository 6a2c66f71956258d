namespace MlNetGenre.Features.Dsp;

/// <summary>Bit-reversed indices for the in-place FFTs.</summary>
internal static class BitReversal
{
    /// <summary><paramref name="value"/> with its lowest <paramref name="bits"/> bits in reverse order (0 when bits is 0).</summary>
    public static int Reverse(int value, int bits)
    {
        if (bits == 0) return 0;
        uint v = (uint)value;
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        v = (v >> 16) | (v << 16);
        return (int)(v >> (32 - bits));
    }
}
