using System.Reflection;
using Google.Protobuf;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;

namespace MlNetGenre.Onnx;

/// <summary>
/// Builds one ONNX graph: inputs, initializers, nodes and outputs, then a <see cref="ModelProto"/>
/// at the interchange target (IR 8, default opset 17, ai.onnx.ml 3). Node and initializer names
/// are made unique, so exporters can compose helpers without clashes.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    public const long IrVersion = 8;
    public const long DefaultOpset = 17;
    public const long MlOpset = 3;
    public const string MlDomain = "ai.onnx.ml";
    /// <summary>Name of the dynamic batch dimension of every input and output.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly HashSet<string> _names = [];
    private bool _usesMlDomain;

    private OnnxGraphBuilder(string graphName, HashSet<string> names) : this(graphName) => _names = names;

    /// <summary>
    /// A builder for a subgraph (the body of a Scan, Loop or If) that shares this graph's names, so its values
    /// never shadow the outer ones; its nodes may read the outer graph's values and initializers by name.
    /// Pass <see cref="Graph"/> to <see cref="OnnxAttribute.Graph"/>.
    /// </summary>
    public OnnxGraphBuilder Subgraph(string name) => new(name, _names);

    /// <summary>The graph built so far (for a subgraph: what goes into the node's graph attribute).</summary>
    public GraphProto Graph => _graph;

    /// <summary>Adds a graph input; a null dimension is dynamic (the first one is named <see cref="BatchDimension"/>).</summary>
    public string AddInput(string name, DataType type, params long?[] dims)
    {
        _graph.Input.Add(ValueInfo(Reserve(name), type, dims));
        return name;
    }

    public void AddOutput(string name, DataType type, params long?[] dims) =>
        _graph.Output.Add(ValueInfo(name, type, dims));

    public string AddInitializer(string name, float[] values, params long[] dims)
    {
        var tensor = NewTensor(name, DataType.Float, dims, values.Length);
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string AddInitializer(string name, long[] values, params long[] dims)
    {
        var tensor = NewTensor(name, DataType.Int64, dims, values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string AddInitializer(string name, string[] values, params long[] dims)
    {
        var tensor = NewTensor(name, DataType.String, dims, values.Length);
        tensor.StringData.AddRange(values.Select(ByteString.CopyFromUtf8));
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string AddNode(string opType, string[] inputs, string output, params AttributeProto[] attributes) =>
        AddNode(opType, inputs, [output], "", attributes)[0];

    /// <summary>Adds a node of any domain with any number of outputs (names are made unique).</summary>
    public string[] AddNode(string opType, string[] inputs, string[] outputs, string domain, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Reserve(opType), Domain = domain };
        node.Input.AddRange(inputs);
        string[] outputNames = outputs.Select(Reserve).ToArray();
        node.Output.AddRange(outputNames);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        if (domain == MlDomain) _usesMlDomain = true;
        return outputNames;
    }

    /// <summary>Renames the value <paramref name="value"/> to the graph output name through an Identity node.</summary>
    public void ExposeAs(string value, string outputName)
    {
        var node = new NodeProto { OpType = "Identity", Name = Reserve("Identity") };
        node.Input.Add(value);
        node.Output.Add(outputName);
        _graph.Node.Add(node);
    }

    public ModelProto Build(OnnxModelMetadata metadata, string docString = "")
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MlNetGenre",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            ModelVersion = 1,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = DefaultOpset });
        if (_usesMlDomain) model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = MlOpset });
        foreach (var (key, value) in metadata.ToProperties())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private string Reserve(string name)
    {
        string unique = name;
        for (int i = 1; !_names.Add(unique); i++) unique = $"{name}_{i}";
        return unique;
    }

    private TensorProto NewTensor(string name, DataType type, long[] dims, int count)
    {
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
            throw new ArgumentException($"Initializer '{name}' has {count} values but dims [{string.Join(", ", dims)}] need {expected}.");
        var tensor = new TensorProto { Name = Reserve(name), DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, long?[] dims)
    {
        var shape = new TensorShapeProto();
        for (int i = 0; i < dims.Length; i++)
        {
            shape.Dim.Add(dims[i] is long value
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = i == 0 ? BatchDimension : $"d{i}" });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
