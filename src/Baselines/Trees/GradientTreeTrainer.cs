namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Grows one regression tree on gradients and hessians from feature histograms (as scikit-learn's
/// HistGradientBoosting and LightGBM): the leaf with the largest gain is split first, until <c>maxLeaves</c> leaves,
/// <c>maxDepth</c>, or no split gains; a split's gain is G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2); the smaller
/// child's histogram is built and the larger one's is the parent's minus it. A leaf's value is
/// -shrinkage x G/(H+l2). One trainer per thread: it owns the scratch buffers.
/// </summary>
internal sealed class GradientTreeTrainer(FeatureBins bins, int samples)
{
    private const double MinHessian = 1e-3;
    private readonly int[] _samples = new int[samples];

    public sealed record Growth(int? MaxDepth, int? MaxLeaves, int MinSamplesLeaf, double L2);

    private sealed class Histogram(int features)
    {
        public readonly double[][] G = new double[features][], H = new double[features][];
        public readonly int[][] Count = new int[features][];
    }

    private sealed record Leaf(int Node, int Start, int End, int Depth, Histogram Histogram, double G, double H)
    {
        public (int Feature, int Bin, double Gain)? Best { get; set; }
    }

    /// <param name="rowLeaf">Receives, for every training sample, the node index of its leaf (to update the raw scores).</param>
    public DecisionTree Train(double[] gradients, double[] hessians, Growth growth, double shrinkage, int[] rowLeaf)
    {
        for (int i = 0; i < samples; i++) _samples[i] = i;
        var tree = new DecisionTreeBuilder(1);
        var root = MakeLeaf(tree.AddNode(), 0, samples, 0, gradients, hessians, null, growth);
        var open = new PriorityQueue<Leaf, double>();
        var done = new List<Leaf>();
        Enqueue(root);
        int leaves = 1;
        while (open.Count > 0)
        {
            var leaf = open.Dequeue();
            if (growth.MaxLeaves is { } maxLeaves && leaves >= maxLeaves)
            {
                done.Add(leaf);
                continue;
            }
            var (feature, bin, _) = leaf.Best!.Value;
            int middle = Partition(leaf.Start, leaf.End, bins.Binned[feature], bin);
            int leftNode = tree.AddNode(), rightNode = tree.AddNode();
            tree.SetSplit(leaf.Node, feature, bins.Thresholds[feature][bin], leftNode, rightNode);
            bool leftSmaller = middle - leaf.Start <= leaf.End - middle;
            var small = leftSmaller
                ? MakeLeaf(leftNode, leaf.Start, middle, leaf.Depth + 1, gradients, hessians, null, growth)
                : MakeLeaf(rightNode, middle, leaf.End, leaf.Depth + 1, gradients, hessians, null, growth);
            var large = leftSmaller
                ? MakeLeaf(rightNode, middle, leaf.End, leaf.Depth + 1, gradients, hessians, Subtract(leaf.Histogram, small.Histogram), growth)
                : MakeLeaf(leftNode, leaf.Start, middle, leaf.Depth + 1, gradients, hessians, Subtract(leaf.Histogram, small.Histogram), growth);
            leaves++;
            Enqueue(small);
            Enqueue(large);
        }
        foreach (var leaf in done)
        {
            tree.SetLeaf(leaf.Node, [(float)(-shrinkage * leaf.G / (leaf.H + growth.L2))]);
            for (int i = leaf.Start; i < leaf.End; i++) rowLeaf[_samples[i]] = leaf.Node;
        }
        return tree.Build();

        void Enqueue(Leaf leaf)
        {
            if (leaf.Best is { } best) open.Enqueue(leaf, -best.Gain);
            else done.Add(leaf);
        }
    }

    private Leaf MakeLeaf(int node, int start, int end, int depth, double[] g, double[] h, Histogram? given, Growth growth)
    {
        var histogram = given ?? Build(start, end, g, h);
        double sumG = 0, sumH = 0;
        for (int i = start; i < end; i++)
        {
            sumG += g[_samples[i]];
            sumH += h[_samples[i]];
        }
        var leaf = new Leaf(node, start, end, depth, histogram, sumG, sumH);
        bool splittable = end - start >= 2 * growth.MinSamplesLeaf && (growth.MaxDepth is not { } max || depth < max);
        if (splittable) leaf.Best = BestSplit(leaf, growth);
        return leaf;
    }

    private Histogram Build(int start, int end, double[] g, double[] h)
    {
        var histogram = new Histogram(bins.Binned.Length);
        for (int f = 0; f < bins.Binned.Length; f++)
        {
            int count = bins.BinCount(f);
            double[] hg = histogram.G[f] = new double[count], hh = histogram.H[f] = new double[count];
            int[] hc = histogram.Count[f] = new int[count];
            byte[] column = bins.Binned[f];
            for (int i = start; i < end; i++)
            {
                int s = _samples[i], b = column[s];
                hg[b] += g[s];
                hh[b] += h[s];
                hc[b]++;
            }
        }
        return histogram;
    }

    private static Histogram Subtract(Histogram parent, Histogram child)
    {
        var result = new Histogram(parent.G.Length);
        for (int f = 0; f < parent.G.Length; f++)
        {
            int count = parent.G[f].Length;
            result.G[f] = new double[count];
            result.H[f] = new double[count];
            result.Count[f] = new int[count];
            for (int b = 0; b < count; b++)
            {
                result.G[f][b] = parent.G[f][b] - child.G[f][b];
                result.H[f][b] = parent.H[f][b] - child.H[f][b];
                result.Count[f][b] = parent.Count[f][b] - child.Count[f][b];
            }
        }
        return result;
    }

    private static (int Feature, int Bin, double Gain)? BestSplit(Leaf leaf, Growth growth)
    {
        double parentScore = leaf.G * leaf.G / (leaf.H + growth.L2);
        int n = leaf.End - leaf.Start;
        (int, int, double)? best = null;
        double bestGain = 1e-12;
        for (int f = 0; f < leaf.Histogram.G.Length; f++)
        {
            double[] hg = leaf.Histogram.G[f], hh = leaf.Histogram.H[f];
            int[] hc = leaf.Histogram.Count[f];
            double gl = 0, hl = 0;
            int nl = 0;
            for (int b = 0; b + 1 < hg.Length; b++)
            {
                gl += hg[b];
                hl += hh[b];
                nl += hc[b];
                if (hc[b] == 0) continue; // same partition as the previous bin
                int nr = n - nl;
                if (nl < growth.MinSamplesLeaf) continue;
                if (nr < growth.MinSamplesLeaf) break;
                double hr = leaf.H - hl;
                if (hl < MinHessian || hr < MinHessian) continue;
                double gr = leaf.G - gl;
                double gain = gl * gl / (hl + growth.L2) + gr * gr / (hr + growth.L2) - parentScore;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    best = (f, b, gain);
                }
            }
        }
        return best;
    }

    private int Partition(int start, int end, byte[] column, int bin)
    {
        int i = start, j = end - 1;
        while (i <= j)
        {
            if (column[_samples[i]] <= bin)
            {
                i++;
                continue;
            }
            int swap = _samples[i];
            _samples[i] = _samples[j];
            _samples[j] = swap;
            j--;
        }
        return i;
    }
}
