namespace MlNetGenre.Baselines.Trees;

/// <summary>
/// A binary decision tree with <c>x[feature] &lt;= threshold</c> going left, as ONNX's BRANCH_LEQ. Node 0 is the root;
/// a leaf has <see cref="Left"/> = -1 and its <see cref="Width"/> output values at <see cref="ValueOffset"/> in <see cref="Values"/>
/// (class probabilities for a classification tree, one score for a boosting tree).
/// </summary>
internal sealed class DecisionTree(int[] feature, float[] threshold, int[] left, int[] right, int[] valueOffset, float[] values, int width)
{
    public int[] Feature { get; } = feature;
    public float[] Threshold { get; } = threshold;
    public int[] Left { get; } = left;
    public int[] Right { get; } = right;
    public int[] ValueOffset { get; } = valueOffset;
    public float[] Values { get; } = values;
    public int Width { get; } = width;
    public int Nodes => Feature.Length;

    public bool IsLeaf(int node) => Left[node] < 0;

    /// <summary>The leaf <paramref name="x"/> falls in.</summary>
    public int LeafOf(ReadOnlySpan<float> x)
    {
        int node = 0;
        while (Left[node] >= 0) node = x[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return node;
    }

    /// <summary>The output values of the leaf <paramref name="x"/> falls in.</summary>
    public ReadOnlySpan<float> Evaluate(ReadOnlySpan<float> x) => Values.AsSpan(ValueOffset[LeafOf(x)], Width);
}

/// <summary>Collects the nodes of a tree as it is grown (children get their indices when they are added).</summary>
internal sealed class DecisionTreeBuilder(int width)
{
    private readonly List<int> _feature = [], _left = [], _right = [], _offset = [];
    private readonly List<float> _threshold = [], _values = [];

    public int AddNode()
    {
        _feature.Add(0); _threshold.Add(0); _left.Add(-1); _right.Add(-1); _offset.Add(-1);
        return _feature.Count - 1;
    }

    public void SetSplit(int node, int feature, float threshold, int left, int right)
    {
        _feature[node] = feature;
        _threshold[node] = threshold;
        _left[node] = left;
        _right[node] = right;
    }

    public void SetLeaf(int node, ReadOnlySpan<float> values)
    {
        _offset[node] = _values.Count;
        foreach (float v in values) _values.Add(v);
    }

    public DecisionTree Build() => new([.. _feature], [.. _threshold], [.. _left], [.. _right], [.. _offset], [.. _values], width);
}
