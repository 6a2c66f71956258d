using MlNetGenre.Core.Models;
using MlNetGenre.Onnx.Proto;

namespace MlNetGenre.Onnx.Models;

/// <summary>A fitted model that can write itself as ONE ONNX graph: raw features in, probabilities and label out.</summary>
public interface IExportableModel : IFittedModel
{
    ModelProto ToOnnx(OnnxModelMetadata metadata);
}
