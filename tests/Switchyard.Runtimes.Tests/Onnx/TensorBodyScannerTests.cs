using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchyard.Runtimes.Onnx;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>
/// The tensor body scanner checks JSON's grammar by hand, so it is held to the framework's parser:
/// whatever it reads, <see cref="JsonDocument"/> reads as the same tensor, and it reads every plain
/// tensor body it is meant for.
/// </summary>
public sealed class TensorBodyScannerTests
{
    [Theory]
    [InlineData("{\"inputs\": [[1, 2], [3, 4]]}", new long[] { -1, 2 }, "1,2,3,4", "2,2")]
    [InlineData(" {\r\n\t\"instances\" :[ [ -0.5e1 ,2E-1 ] ] } ", new long[] { -1, 2 }, "-5,0.2", "1,2")]
    [InlineData("{\"inputs\": [7, 8, 9]}", new long[] { -1 }, "7,8,9", "3")]
    [InlineData("{\"inputs\": [[[1], [2]], [[3], [4]]]}", new long[] { -1, 2, 1 }, "1,2,3,4", "2,2,1")]
    [InlineData("{\"inputs\": [[1, 2], [3, 4]]}", new long[] { 1, 2 }, "1,2,3,4", "2,2")] // the batch dimension is ORT's to judge
    [InlineData("{\"inputs\": [[1, 2]]}", new long[] { 0, 2 }, "1,2", "1,2")]
    public void Read_PlainTensorBody_FillsItsValuesAndShape(string body, long[] fixedDims, string values, string shape)
    {
        var (written, slots, dims) = Scan(body, fixedDims);

        Assert.Equal(values, string.Join(',', slots[..written].Select(static v => v.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(shape, string.Join(',', dims));
    }

    [Theory]
    [InlineData("{\"inputs\": [[1, 2], [3]]}")] // ragged
    [InlineData("{\"inputs\": [[1, 2, 3]]}")] // the model fixes 2 columns
    [InlineData("{\"inputs\": [[1, 2],]}")] // trailing comma
    [InlineData("{\"inputs\": [[1, 2] [3, 4]]}")] // missing comma
    [InlineData("{\"inputs\": [[01, 2]]}")] // leading zero
    [InlineData("{\"inputs\": [[1., 2]]}")] // no digit after the point
    [InlineData("{\"inputs\": [[1e, 2]]}")] // no exponent digits
    [InlineData("{\"inputs\": [[+1, 2]]}")] // plus sign
    [InlineData("{\"inputs\": [[NaN, 2]]}")]
    [InlineData("{\"inputs\": [[1, \"2\"]]}")]
    [InlineData("{\"inputs\": []}")]
    [InlineData("{\"inputs\": [[]]}")]
    [InlineData("{\"inputs\": [[1, 2]], \"params\": {}}")] // the general path's business
    [InlineData("{\"\\u0069nputs\": [[1, 2]]}")] // escaped name: the general path reads it
    [InlineData("{\"inputs\": [[1, 2]]} x")]
    [InlineData("{\"inputs\": [[1, 2]] /* note */}")]
    [InlineData("{\"inputs\": [[1, 2]]")]
    public void Read_BodyNotOfThePlainForm_GivesUp(string body)
    {
        var (written, _, _) = Scan(body, [-1, 2]);

        Assert.Equal(-1, written);
    }

    [Fact]
    public void Read_SeededBodiesAndTheirMutations_AgreeWithTheFrameworksParser()
    {
        var random = new Random(4_12_2026);
        var plainRead = 0;
        var mutantsRead = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var (body, fixedDims) = RandomTensorBody(random);
            var plain = Scan(body, fixedDims);
            AssertAgrees(body, fixedDims, plain);
            plainRead += plain.Written >= 0 ? 1 : 0;

            var mutant = Mutate(body, random);
            var scanned = Scan(mutant, fixedDims);
            AssertAgrees(mutant, fixedDims, scanned);
            mutantsRead += scanned.Written >= 0 ? 1 : 0;
        }

        // Every generated body is of the plain form; a mutation mostly breaks it, sometimes not (a digit for a digit).
        Assert.Equal(20_000, plainRead);
        Assert.InRange(mutantsRead, 1_000, 15_000);
    }

    /// <summary>What the scanner read, the framework reads as the same tensor (the scanner may give up on more).</summary>
    private static void AssertAgrees(string body, long[] fixedDims, (int Written, float[] Slots, long[] Dims) scanned)
    {
        if (scanned.Written < 0)
        {
            return;
        }

        var expected = Oracle(body, fixedDims);
        Assert.True(expected is not null, $"the scanner read what the framework refuses: {body}");
        Assert.Equal(expected.Value.Dims, scanned.Dims);
        Assert.Equal(expected.Value.Values.Length, scanned.Written);
        for (var i = 0; i < scanned.Written; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected.Value.Values[i]) == BitConverter.SingleToInt32Bits(scanned.Slots[i]), $"value {i} of {body}");
        }
    }

    /// <summary>The tensor by <see cref="JsonDocument"/>: one key, inputs or instances, a non-empty rectangular list of numbers of the model's rank and fixed sizes.</summary>
    private static (float[] Values, long[] Dims)? Oracle(string body, long[] fixedDims)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1)
            {
                return null;
            }

            var property = root.EnumerateObject().Single();
            if (property.Name is not ("inputs" or "instances"))
            {
                return null;
            }

            var dims = new long[fixedDims.Length];
            Array.Fill(dims, -1);
            var values = new List<float>();
            return Collect(property.Value, 0, fixedDims, dims, values) ? ([.. values], dims) : null;
        }
    }

    private static bool Collect(JsonElement list, int depth, long[] fixedDims, long[] dims, List<float> values)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        // As the general path binds: the first (batch) dimension is left to ONNX Runtime.
        var length = list.GetArrayLength();
        var expected = dims[depth] >= 0 ? dims[depth] : depth > 0 ? fixedDims[depth] : -1;
        if (length == 0 || (expected >= 0 && expected != length))
        {
            return false;
        }

        dims[depth] = length;
        foreach (var item in list.EnumerateArray())
        {
            if (depth == dims.Length - 1)
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var number))
                {
                    return false;
                }

                values.Add((float)number);
            }
            else if (!Collect(item, depth + 1, fixedDims, dims, values))
            {
                return false;
            }
        }

        return true;
    }

    private static (string Body, long[] FixedDims) RandomTensorBody(Random random)
    {
        var rank = random.Next(1, 4);
        var sizes = Enumerable.Range(0, rank).Select(_ => random.Next(1, 4)).ToArray();
        // Sizes fixed as the body has them, or free; the first (batch) one sometimes fixed at another
        // size, which the scanner leaves to ONNX Runtime as the general path does.
        var fixedDims = sizes.Select(size => random.Next(2) == 0 ? -1L : size).ToArray();
        if (random.Next(3) == 0)
        {
            fixedDims[0] = sizes[0] + 1;
        }
        var text = new StringBuilder();
        text.Append(Space(random)).Append('{').Append(Space(random))
            .Append(random.Next(2) == 0 ? "\"inputs\"" : "\"instances\"").Append(Space(random)).Append(':').Append(Space(random));
        AppendList(text, sizes, 0, random);
        text.Append(Space(random)).Append('}').Append(Space(random));
        return (text.ToString(), fixedDims);
    }

    private static void AppendList(StringBuilder text, int[] sizes, int depth, Random random)
    {
        text.Append('[');
        for (var i = 0; i < sizes[depth]; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(Space(random));
            if (depth == sizes.Length - 1)
            {
                text.Append(JsonNumberText.Next(random));
            }
            else
            {
                AppendList(text, sizes, depth + 1, random);
            }

            text.Append(Space(random));
        }

        text.Append(']');
    }

    private static string Space(Random random) => random.Next(4) switch
    {
        0 => " ",
        1 => "\r\n\t",
        _ => "",
    };

    /// <summary>One byte deleted, inserted or replaced, with the bytes that matter to this grammar most likely.</summary>
    private static string Mutate(string body, Random random)
    {
        const string Alphabet = "[],.-+eE0123456789 \t\"{}:xn/";
        var at = random.Next(body.Length);
        var some = Alphabet[random.Next(Alphabet.Length)];
        return random.Next(3) switch
        {
            0 => body.Remove(at, 1),
            1 => body.Insert(at, some.ToString()),
            _ => body.Remove(at, 1).Insert(at, some.ToString()),
        };
    }

    private static (int Written, float[] Slots, long[] Dims) Scan(string body, long[] fixedDims)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var slots = new float[(bytes.Length / 2) + 1];
        var dims = new long[fixedDims.Length];
        var written = TensorBodyScanner.Read(bytes, fixedDims, slots, dims);
        return (written, slots, dims);
    }
}
