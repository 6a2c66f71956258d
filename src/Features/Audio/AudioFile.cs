using System.Buffers;

namespace MlNetGenre.Features.Audio;

/// <summary>Decodes the bytes of one audio file (a WAV or AU reader's Decode).</summary>
internal delegate AudioSignal AudioBytesDecoder(ReadOnlySpan<byte> bytes, string name);

/// <summary>
/// Reads a whole audio file into a pooled buffer for a decoder (no 1 MB+ allocation per track), turning I/O failures
/// into <see cref="AudioDecodeException"/> that names the file.
/// </summary>
internal static class AudioFile
{
    public static AudioSignal Decode(string path, AudioBytesDecoder decode)
    {
        byte[] buffer;
        int length;
        try
        {
            using var handle = File.OpenHandle(path);
            long size = RandomAccess.GetLength(handle);
            if (size > Array.MaxLength)
                throw new AudioDecodeException(path, $"is {size} bytes, larger than one read can hold", "Split it or convert it to a compressed format ffmpeg reads");
            buffer = ArrayPool<byte>.Shared.Rent((int)size);
            length = 0;
            while (length < size)
            {
                int read = RandomAccess.Read(handle, buffer.AsSpan(length, (int)size - length), length);
                if (read == 0) break; // the file shrank while being read: decode what is there
                length += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioDecodeException(path, $"cannot be read ({e.Message})", "Check that the file exists and is readable");
        }
        try
        {
            return decode(buffer.AsSpan(0, length), path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
