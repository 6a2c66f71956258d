using System.Runtime.CompilerServices;

namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Grows one CART classification tree the way scikit-learn's DecisionTreeClassifier does: depth first, at each node
/// the features are visited in a random order and sorted to scan every threshold between distinct values (the
/// midpoint), the best weighted Gini or entropy decrease wins (first in scan order on ties), and at least
/// <see cref="TreeGrowth.MaxFeatures"/> non-constant features are tried (more if none of them splits). Samples of
/// weight 0 (out of a bootstrap) take no part. Leaves hold the weighted class distribution.
/// One trainer per thread: it owns the scratch buffers.
/// </summary>
internal sealed class ClassificationTreeTrainer(ColumnData data, TreeGrowth growth)
{
    private readonly int[] _samples = new int[data.Samples];
    private readonly float[] _keys = new float[data.Samples];
    private readonly int[] _items = new int[data.Samples];
    private readonly int[] _features = Enumerable.Range(0, data.Features).ToArray();
    private readonly double[] _total = new double[data.Classes];
    private readonly double[] _left = new double[data.Classes];
    private readonly float[] _leafValues = new float[data.Classes];

    /// <param name="weights">Per-sample weight (bootstrap counts times sample weights); samples with 0 are left out.</param>
    public DecisionTree Train(double[] weights, Random random)
    {
        // The feature order is shuffled in place from node to node; every tree starts from the same order, so a tree
        // depends on its own seed only, not on which trees this thread's trainer grew before it.
        for (int f = 0; f < _features.Length; f++) _features[f] = f;
        int n = 0;
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] > 0) _samples[n++] = i;
        var tree = new DecisionTreeBuilder(data.Classes);
        var stack = new Stack<(int Node, int Start, int End, int Depth)>();
        stack.Push((tree.AddNode(), 0, n, 0));
        while (stack.Count > 0)
        {
            var (node, start, end, depth) = stack.Pop();
            double total = ClassTotals(weights, start, end, _total);
            bool canSplit = (growth.MaxDepth is not { } max || depth < max) && end - start >= growth.MinSamplesSplit
                            && end - start >= 2 * growth.MinSamplesLeaf && !IsPure(_total, total);
            var split = canSplit ? FindSplit(weights, start, end, total, random) : null;
            if (split is not { } s)
            {
                for (int c = 0; c < data.Classes; c++) _leafValues[c] = (float)(_total[c] / total);
                tree.SetLeaf(node, _leafValues);
                continue;
            }
            int middle = SamplePartition.Partition(_samples, start, end, data.Columns[s.Feature], s.Threshold);
            int left = tree.AddNode(), right = tree.AddNode();
            tree.SetSplit(node, s.Feature, s.Threshold, left, right);
            stack.Push((right, middle, end, depth + 1));
            stack.Push((left, start, middle, depth + 1));
        }
        return tree.Build();
    }

    private double ClassTotals(double[] weights, int start, int end, double[] totals)
    {
        Array.Clear(totals);
        double sum = 0;
        for (int i = start; i < end; i++)
        {
            int s = _samples[i];
            totals[data.Labels[s]] += weights[s];
            sum += weights[s];
        }
        return sum;
    }

    private static bool IsPure(double[] totals, double total)
    {
        foreach (double t in totals)
            if (t > 0) return t >= total;
        return true;
    }

    private (int Feature, float Threshold)? FindSplit(double[] weights, int start, int end, double total, Random random)
    {
        int n = end - start;
        double bestScore = double.NegativeInfinity;
        (int Feature, float Threshold)? best = null;
        int tried = 0;
        for (int drawn = 0; drawn < _features.Length; drawn++)
        {
            if (tried >= growth.MaxFeatures && best is not null) break;
            int pick = random.Next(drawn, _features.Length);
            (_features[drawn], _features[pick]) = (_features[pick], _features[drawn]);
            int f = _features[drawn];
            float[] column = data.Columns[f];
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                int s = _samples[start + i];
                float v = column[s];
                _keys[i] = v;
                _items[i] = s;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (!(min < max)) continue; // constant here: does not count as tried
            tried++;
            Array.Sort(_keys, _items, 0, n);
            var candidate = growth.Criterion == SplitCriterion.Gini ? BestGini(weights, n, total) : BestEntropy(weights, n, total);
            if (candidate is { } c && c.Score > bestScore)
            {
                bestScore = c.Score;
                best = (f, Midpoint(_keys[c.Position], _keys[c.Position + 1]));
            }
        }
        return best;
    }

    /// <summary>Maximises sum_child (sum_c w_c^2) / W_child, i.e. minimises the weighted Gini impurity of the children.</summary>
    private (double Score, int Position)? BestGini(double[] weights, int n, double total)
    {
        Array.Clear(_left);
        double squaresLeft = 0, squaresRight = 0, weightLeft = 0;
        foreach (double t in _total) squaresRight += t * t;
        (double, int)? best = null;
        double bestScore = double.NegativeInfinity;
        int minLeaf = growth.MinSamplesLeaf;
        for (int i = 0; i < n - 1; i++)
        {
            int s = _items[i], c = data.Labels[s];
            double w = weights[s], l = _left[c], r = _total[c] - l;
            squaresLeft += w * (2 * l + w);
            squaresRight += w * (w - 2 * r);
            _left[c] = l + w;
            weightLeft += w;
            if (_keys[i] == _keys[i + 1] || i + 1 < minLeaf || n - i - 1 < minLeaf) continue;
            double weightRight = total - weightLeft;
            if (weightLeft <= 0 || weightRight <= 0) continue;
            double score = squaresLeft / weightLeft + squaresRight / weightRight;
            if (score > bestScore)
            {
                bestScore = score;
                best = (score, i);
            }
        }
        return best;
    }

    /// <summary>Minimises sum_child W log W - sum_c w_c log w_c (W times the child's entropy).</summary>
    private (double Score, int Position)? BestEntropy(double[] weights, int n, double total)
    {
        Array.Clear(_left);
        double xlogxLeft = 0, xlogxRight = 0, weightLeft = 0;
        foreach (double t in _total) xlogxRight += XLogX(t);
        (double, int)? best = null;
        double bestScore = double.NegativeInfinity;
        int minLeaf = growth.MinSamplesLeaf;
        for (int i = 0; i < n - 1; i++)
        {
            int s = _items[i], c = data.Labels[s];
            double w = weights[s], l = _left[c], r = _total[c] - l;
            xlogxLeft += XLogX(l + w) - XLogX(l);
            xlogxRight += XLogX(r - w) - XLogX(r);
            _left[c] = l + w;
            weightLeft += w;
            if (_keys[i] == _keys[i + 1] || i + 1 < minLeaf || n - i - 1 < minLeaf) continue;
            double weightRight = total - weightLeft;
            if (weightLeft <= 0 || weightRight <= 0) continue;
            double score = xlogxLeft + xlogxRight - XLogX(weightLeft) - XLogX(weightRight);
            if (score > bestScore)
            {
                bestScore = score;
                best = (score, i);
            }
        }
        return best;
    }

    /// <summary>
    /// x log x, kept out of line on purpose: the JIT starts this method with <c>vzeroupper</c>, so each call reaches
    /// libm's <c>log</c> with the upper vector state clean. Inlined into <see cref="BestEntropy"/> (dynamic PGO does
    /// that in a ReadyToRun build), the loop called <c>log</c> after <c>Array.Clear</c>'s wide stores had left that
    /// state dirty, and 76% of the forest's time went into <c>log</c>: seed 001's forests took 14-16 s instead of
    /// 3 s (bench/README, cli-start.sh).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double XLogX(double x) => x > 1e-300 ? x * Math.Log(x) : 0;

    /// <summary>A float threshold t with a &lt;= t &lt; b: the midpoint, or a when the midpoint rounds up to b.</summary>
    internal static float Midpoint(float a, float b)
    {
        float t = (float)((a + (double)b) / 2);
        return t < b ? t : a;
    }
}
