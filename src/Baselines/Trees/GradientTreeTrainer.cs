namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// Grows one regression tree on gradients and hessians from feature histograms (as scikit-learn's
/// HistGradientBoosting and LightGBM): the leaf with the largest gain is split first, until <c>maxLeaves</c> leaves,
/// <c>maxDepth</c>, or no split gains; a split's gain is G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2); the smaller
/// child's histogram is built and the larger one's is the parent's minus it. A leaf's value is
/// -shrinkage x G/(H+l2). One trainer per thread: it owns the scratch buffers and reuses its histograms.
/// </summary>
internal sealed class GradientTreeTrainer
{
    private const double MinHessian = 1e-3;
    private readonly FeatureBins _bins;
    private readonly int[] _samples;
    private readonly int[] _offset; // where each feature's bins start in a histogram
    private readonly int _width;    // bins of all features
    private readonly Stack<Histogram> _free = new();

    public GradientTreeTrainer(FeatureBins bins, int samples)
    {
        _bins = bins;
        _samples = new int[samples];
        _offset = new int[bins.Binned.Length + 1];
        for (int f = 0; f < bins.Binned.Length; f++) _offset[f + 1] = _offset[f] + bins.BinCount(f);
        _width = _offset[^1];
    }

    public sealed record Growth(int? MaxDepth, int? MaxLeaves, int MinSamplesLeaf, double L2);

    /// <summary>Per bin of every feature: summed gradient and hessian (interleaved) and the sample count.</summary>
    private sealed class Histogram(int width)
    {
        public readonly double[] GradientHessian = new double[2 * width];
        public readonly int[] Count = new int[width];
    }

    private sealed record Leaf(int Node, int Start, int End, int Depth, Histogram Histogram, double G, double H)
    {
        public (int Feature, int Bin, double Gain)? Best { get; set; }
    }

    /// <param name="rowLeaf">Receives, for every training sample, the node index of its leaf (to update the raw scores).</param>
    public DecisionTree Train(double[] gradients, double[] hessians, Growth growth, double shrinkage, int[] rowLeaf)
    {
        for (int i = 0; i < _samples.Length; i++) _samples[i] = i;
        var tree = new DecisionTreeBuilder(1);
        var open = new PriorityQueue<Leaf, double>();
        var done = new List<Leaf>();
        Enqueue(MakeLeaf(tree.AddNode(), 0, _samples.Length, 0, gradients, hessians, Build(0, _samples.Length, gradients, hessians), growth));
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
            int middle = SamplePartition.Partition(_samples, leaf.Start, leaf.End, _bins.Binned[feature], (byte)bin);
            int leftNode = tree.AddNode(), rightNode = tree.AddNode();
            tree.SetSplit(leaf.Node, feature, _bins.Thresholds[feature][bin], leftNode, rightNode);
            bool leftSmaller = middle - leaf.Start <= leaf.End - middle;
            var (smallStart, smallEnd, smallNode) = leftSmaller ? (leaf.Start, middle, leftNode) : (middle, leaf.End, rightNode);
            var (largeStart, largeEnd, largeNode) = leftSmaller ? (middle, leaf.End, rightNode) : (leaf.Start, middle, leftNode);
            var smallHistogram = Build(smallStart, smallEnd, gradients, hessians);
            SubtractInPlace(leaf.Histogram, smallHistogram); // the parent's histogram becomes the larger child's
            Enqueue(MakeLeaf(smallNode, smallStart, smallEnd, leaf.Depth + 1, gradients, hessians, smallHistogram, growth));
            Enqueue(MakeLeaf(largeNode, largeStart, largeEnd, leaf.Depth + 1, gradients, hessians, leaf.Histogram, growth));
            leaves++;
        }
        foreach (var leaf in done)
        {
            tree.SetLeaf(leaf.Node, [(float)(-shrinkage * leaf.G / (leaf.H + growth.L2))]);
            for (int i = leaf.Start; i < leaf.End; i++) rowLeaf[_samples[i]] = leaf.Node;
            _free.Push(leaf.Histogram);
        }
        return tree.Build();

        void Enqueue(Leaf leaf)
        {
            if (leaf.Best is { } best) open.Enqueue(leaf, -best.Gain);
            else done.Add(leaf);
        }
    }

    private Leaf MakeLeaf(int node, int start, int end, int depth, double[] g, double[] h, Histogram histogram, Growth growth)
    {
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
        var histogram = _free.Count > 0 ? _free.Pop() : new Histogram(_width);
        Array.Clear(histogram.GradientHessian);
        Array.Clear(histogram.Count);
        double[] gh = histogram.GradientHessian;
        int[] counts = histogram.Count;
        for (int f = 0; f < _bins.Binned.Length; f++)
        {
            byte[] column = _bins.Binned[f];
            int offset = _offset[f];
            for (int i = start; i < end; i++)
            {
                int s = _samples[i], b = offset + column[s];
                gh[2 * b] += g[s];
                gh[2 * b + 1] += h[s];
                counts[b]++;
            }
        }
        return histogram;
    }

    private static void SubtractInPlace(Histogram parent, Histogram child)
    {
        double[] p = parent.GradientHessian, c = child.GradientHessian;
        System.Numerics.Tensors.TensorPrimitives.Subtract(p, c, p);
        int[] pc = parent.Count, cc = child.Count;
        System.Numerics.Tensors.TensorPrimitives.Subtract(pc, cc, pc);
    }

    private (int Feature, int Bin, double Gain)? BestSplit(Leaf leaf, Growth growth)
    {
        double parentScore = leaf.G * leaf.G / (leaf.H + growth.L2);
        int n = leaf.End - leaf.Start;
        (int, int, double)? best = null;
        double bestGain = 1e-12;
        double[] gh = leaf.Histogram.GradientHessian;
        int[] counts = leaf.Histogram.Count;
        for (int f = 0; f < _bins.Binned.Length; f++)
        {
            double gl = 0, hl = 0;
            int nl = 0, first = _offset[f], last = _offset[f + 1] - 1;
            for (int b = first; b < last; b++)
            {
                if (counts[b] == 0) continue; // the same partition as the previous bin
                gl += gh[2 * b];
                hl += gh[2 * b + 1];
                nl += counts[b];
                if (nl < growth.MinSamplesLeaf) continue;
                if (n - nl < growth.MinSamplesLeaf) break;
                double hr = leaf.H - hl;
                if (hl < MinHessian || hr < MinHessian) continue;
                double gr = leaf.G - gl;
                double gain = gl * gl / (hl + growth.L2) + gr * gr / (hr + growth.L2) - parentScore;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    best = (f, b - first, gain);
                }
            }
        }
        return best;
    }
}
