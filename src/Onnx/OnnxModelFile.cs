using Google.Protobuf;
using MlNetGenre.Core.IO;
using MlNetGenre.Onnx.Proto;

namespace MlNetGenre.Onnx;

/// <summary>Saves and loads .onnx files; saving writes a temporary file and renames it, so a crash leaves no half file.</summary>
public static class OnnxModelFile
{
    public static void Save(ModelProto model, string path)
    {
        AtomicFile.Write(path, model.WriteTo);
    }

    public static ModelProto Load(string path)
    {
        using var stream = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(stream);
    }
}
