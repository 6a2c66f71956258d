using Google.Protobuf;
using MlNetGenre.Onnx.Proto;

namespace MlNetGenre.Onnx;

/// <summary>Saves and loads .onnx files; saving writes a temporary file and renames it, so a crash leaves no half file.</summary>
public static class OnnxModelFile
{
    public static void Save(ModelProto model, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
            model.WriteTo(stream);
        File.Move(temp, path, overwrite: true);
    }

    public static ModelProto Load(string path)
    {
        using var stream = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(stream);
    }
}
