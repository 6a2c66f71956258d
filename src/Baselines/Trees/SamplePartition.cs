using System.Numerics;

namespace MlNetGenre.Baselines.Trees;

/// <summary>The split step both tree growers share: reorders a node's samples so those going left come first.</summary>
internal static class SamplePartition
{
    /// <summary>Moves the samples of [start, end) whose <paramref name="column"/> value is at most <paramref name="limit"/> to the front; returns where the rest start.</summary>
    public static int Partition<T>(int[] samples, int start, int end, T[] column, T limit) where T : IComparisonOperators<T, T, bool>
    {
        int i = start, j = end - 1;
        while (i <= j)
        {
            if (column[samples[i]] <= limit)
            {
                i++;
                continue;
            }
            (samples[i], samples[j]) = (samples[j], samples[i]);
            j--;
        }
        return i;
    }
}
