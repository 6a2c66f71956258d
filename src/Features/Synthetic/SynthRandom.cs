using System.Numerics;

namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a fixed, published algorithm (unlike System.Random's),
/// so a synthetic track is the same on every machine and runtime.
/// </summary>
internal sealed class SynthRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SynthRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Finalise(state);
    }

    /// <summary>SplitMix64's output function: a bijective 64-bit mixer.</summary>
    public static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A 64-bit FNV-1a hash of a string's UTF-16 code units (string.GetHashCode is randomised per process).</summary>
    public static ulong Hash(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return h;
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, count).</summary>
    public int Next(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

    /// <summary>Uniform integer in [min, maxExclusive).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    public bool Chance(double probability) => NextDouble() < probability;

    public double Gaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public SynthRandom Fork() => new(NextUInt64());
}
