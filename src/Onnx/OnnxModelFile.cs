using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using MlNetGenre.Core.IO;
using MlNetGenre.Onnx.Proto;
using DataType = MlNetGenre.Onnx.Proto.TensorProto.Types.DataType;
using DataLocation = MlNetGenre.Onnx.Proto.TensorProto.Types.DataLocation;

namespace MlNetGenre.Onnx;

/// <summary>
/// Saves and loads .onnx files; saving writes a temporary file and renames it, so a crash leaves no half file.
/// A protobuf message cannot pass 2 GB, so when a model's initializers together pass <see cref="ExternalDataThreshold"/>
/// (kNN over a large training set, a big network), every initializer of at least <see cref="ExternalTensorMinimum"/>
/// bytes goes to <c>&lt;model&gt;.data</c> beside the model, in ONNX's standard external-data layout (location,
/// offset, length; offsets aligned to 4 KiB), which ONNX Runtime and onnx.checker read. Models under the threshold
/// stay one self-contained file.
/// </summary>
public static class OnnxModelFile
{
    public const long ExternalDataThreshold = 1L << 30;
    public const long ExternalTensorMinimum = 64 << 10;
    private const int Alignment = 4096;

    /// <summary>The external-data file of the model at <paramref name="modelPath"/>.</summary>
    public static string DataPathOf(string modelPath) => modelPath + ".data";

    public static void Save(ModelProto model, string path, long externalDataThreshold = ExternalDataThreshold)
    {
        var initializers = model.Graph.Initializer;
        long total = initializers.Sum(t => PayloadBytes(t) ?? 0);
        string dataPath = DataPathOf(path);
        if (total <= externalDataThreshold)
        {
            AtomicFile.Write(path, model.WriteTo);
            if (File.Exists(dataPath)) File.Delete(dataPath); // a stale file of an earlier, larger model
            return;
        }
        // The large tensors are swapped for external references while the model is written, then put back.
        var moved = new List<(int Index, TensorProto Tensor, long Offset, long Length)>();
        long offset = 0;
        for (int i = 0; i < initializers.Count; i++)
            if (PayloadBytes(initializers[i]) is long bytes && bytes >= Math.Min(ExternalTensorMinimum, externalDataThreshold))
            {
                moved.Add((i, initializers[i], offset, bytes));
                offset = (offset + bytes + Alignment - 1) / Alignment * Alignment;
            }
        AtomicFile.Write(dataPath, stream =>
        {
            foreach (var (_, tensor, at, _) in moved)
            {
                stream.Write(new byte[at - stream.Position]);
                WritePayload(tensor, stream);
            }
        });
        try
        {
            foreach (var (index, tensor, at, length) in moved)
                initializers[index] = ExternalReference(tensor, Path.GetFileName(dataPath), at, length);
            AtomicFile.Write(path, model.WriteTo);
        }
        finally
        {
            foreach (var (index, tensor, _, _) in moved) initializers[index] = tensor;
        }
    }

    /// <summary>Loads a model with any external data read back into its tensors (so it can be changed and saved elsewhere).</summary>
    public static ModelProto Load(string path)
    {
        ModelProto model;
        using (var stream = File.OpenRead(path)) model = ModelProto.Parser.ParseFrom(stream);
        foreach (var tensor in model.Graph.Initializer.Where(t => t.DataLocation == DataLocation.External))
        {
            var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value);
            string location = entries.GetValueOrDefault("location") ?? throw new InvalidDataException($"{path}: tensor '{tensor.Name}' is external but names no location");
            string file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, location);
            if (!File.Exists(file)) throw new FileNotFoundException($"{path}: its weights are in {file}, which is missing; copy the .data file with the model");
            long at = long.Parse(entries.GetValueOrDefault("offset", "0"), CultureInfo.InvariantCulture);
            long length = entries.TryGetValue("length", out string? l) ? long.Parse(l, CultureInfo.InvariantCulture) : new FileInfo(file).Length - at;
            var bytes = new byte[length];
            using (var data = File.OpenRead(file))
            {
                data.Position = at;
                data.ReadExactly(bytes);
            }
            tensor.RawData = ByteString.CopyFrom(bytes);
            tensor.ExternalData.Clear();
            tensor.ClearDataLocation();
        }
        return model;
    }

    /// <summary>
    /// The model's metadata_props without parsing its graph (the graph and its weights are skipped, not read into
    /// memory): what a caller needs to prepare input while ONNX Runtime is still loading the model.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        const int MetadataProps = 14;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        var input = new CodedInputStream(stream);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            if (WireFormat.GetTagFieldNumber(tag) == MetadataProps && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var entry = new StringStringEntryProto();
                input.ReadMessage(entry);
                metadata[entry.Key] = entry.Value;
            }
            else input.SkipLastField();
        }
        return metadata;
    }

    /// <summary>Copies a model, and its external data when it has some, so the copy works under its new name.</summary>
    public static void Copy(string source, string destination)
    {
        if (!File.Exists(DataPathOf(source)))
        {
            File.Copy(source, destination, overwrite: true);
            if (File.Exists(DataPathOf(destination))) File.Delete(DataPathOf(destination));
            return;
        }
        AtomicFile.Write(DataPathOf(destination), stream =>
        {
            using var data = File.OpenRead(DataPathOf(source));
            data.CopyTo(stream);
        });
        ModelProto model;
        using (var stream = File.OpenRead(source)) model = ModelProto.Parser.ParseFrom(stream);
        foreach (var entry in model.Graph.Initializer.SelectMany(t => t.ExternalData).Where(e => e.Key == "location"))
            entry.Value = Path.GetFileName(DataPathOf(destination));
        AtomicFile.Write(destination, model.WriteTo);
    }

    /// <summary>Bytes of a tensor's values when they can go to external data (numeric types), else null.</summary>
    private static long? PayloadBytes(TensorProto t) =>
        t.DataLocation == DataLocation.External ? null
        : t.RawData.Length > 0 ? t.RawData.Length
        : (DataType)t.DataType switch
        {
            DataType.Float => t.FloatData.Count * 4L,
            DataType.Int64 => t.Int64Data.Count * 8L,
            DataType.Double => t.DoubleData.Count * 8L,
            DataType.Int32 => t.Int32Data.Count * 4L,
            _ => null,
        };

    /// <summary>Writes the tensor's values as ONNX raw data: little-endian, in the tensor's element type.</summary>
    private static void WritePayload(TensorProto t, Stream stream)
    {
        if (t.RawData.Length > 0)
        {
            t.RawData.WriteTo(stream);
            return;
        }
        var buffer = new byte[1 << 20];
        int used = 0;
        void Put<T>(IReadOnlyList<T> values, int size, Action<Span<byte>, T> write)
        {
            foreach (T v in values)
            {
                if (used + size > buffer.Length)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                }
                write(buffer.AsSpan(used), v);
                used += size;
            }
        }
        switch ((DataType)t.DataType)
        {
            case DataType.Float: Put(t.FloatData, 4, BinaryPrimitives.WriteSingleLittleEndian); break;
            case DataType.Int64: Put(t.Int64Data, 8, BinaryPrimitives.WriteInt64LittleEndian); break;
            case DataType.Double: Put(t.DoubleData, 8, BinaryPrimitives.WriteDoubleLittleEndian); break;
            case DataType.Int32: Put(t.Int32Data, 4, BinaryPrimitives.WriteInt32LittleEndian); break;
        }
        stream.Write(buffer, 0, used);
    }

    private static TensorProto ExternalReference(TensorProto tensor, string location, long offset, long length)
    {
        var reference = new TensorProto { Name = tensor.Name, DataType = tensor.DataType, DataLocation = DataLocation.External };
        reference.Dims.AddRange(tensor.Dims);
        if (tensor.HasDocString) reference.DocString = tensor.DocString;
        reference.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        reference.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
        reference.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString(CultureInfo.InvariantCulture) });
        return reference;
    }
}
