using System.Buffers.Binary;
using System.IO.Compression;

namespace MlNetGenre.Experiments.Tests;

/// <summary>A minimal PNG decoder (8-bit RGB/RGBA, as Chromium writes screenshots), to check a screenshot is not blank.</summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, byte[] rgba) => (Width, Height, Rgba) = (width, height, rgba);

    public int Width { get; }
    public int Height { get; }
    public byte[] Rgba { get; }

    public static PngImage Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int offset = 8, width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        while (offset + 8 <= file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || (data[9] != 2 && data[9] != 6)) throw new NotSupportedException("only 8-bit RGB/RGBA PNG");
                colorType = data[9];
            }
            else if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        byte[] raw = inflated.ToArray();
        int bpp = colorType == 6 ? 4 : 3, stride = width * bpp;
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= bpp ? pixels[y * stride + x - bpp] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
                int value = raw[y * (stride + 1) + 1 + x];
                value += filter switch { 1 => a, 2 => b, 3 => (a + b) / 2, 4 => Paeth(a, b, c), _ => 0 };
                pixels[y * stride + x] = (byte)value;
            }
        }
        var rgba = new byte[width * height * 4];
        for (int i = 0; i < width * height; i++)
        {
            rgba[4 * i] = pixels[bpp * i];
            rgba[4 * i + 1] = pixels[bpp * i + 1];
            rgba[4 * i + 2] = pixels[bpp * i + 2];
            rgba[4 * i + 3] = bpp == 4 ? pixels[bpp * i + 3] : (byte)255;
        }
        return new PngImage(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
