using Google.Protobuf;
using MlNetGenre.Onnx.Proto;
using AttributeType = MlNetGenre.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace MlNetGenre.Onnx;

/// <summary>Factory for ONNX node attributes, typed so a graph cannot carry a wrongly tagged value.</summary>
public static class OnnxAttribute
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A subgraph attribute (e.g. Scan's body), built with <see cref="OnnxGraphBuilder.Subgraph"/>.</summary>
    public static AttributeProto Graph(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeType.Graph, G = graph };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    public static AttributeProto Strings(string name, IEnumerable<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }
}
