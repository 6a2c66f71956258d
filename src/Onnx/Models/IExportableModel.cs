using MlNetGenre.Onnx.Proto;

namespace MlNetGenre.Onnx.Models;

/// <summary>A fitted model that can write itself as ONE ONNX graph: raw features in, probabilities and label out.</summary>
public interface IExportableModel
{
    /// <summary>Class probabilities for one raw (unstandardised) input, in process, for parity checks.</summary>
    float[] PredictProbabilities(float[] features);

    ModelProto ToOnnx(OnnxModelMetadata metadata);
}
