namespace Switchyard.Providers.Bedrock;

/// <summary>
/// One converse-stream's tool calls by content block. Converse numbers every content block
/// (text blocks too), while OpenAI numbers tool calls alone from 0: a call in block 1 after a
/// text block is tool call 0. Kept per stream; a few ints, grown only when a call starts.
/// </summary>
public sealed class ConverseToolIndexes
{
    private int[] _blocks = [];
    private int _count;

    /// <summary>Gives the tool call starting in <paramref name="contentBlockIndex"/> the next OpenAI index.</summary>
    public int Start(int contentBlockIndex)
    {
        if (_count == _blocks.Length)
        {
            Array.Resize(ref _blocks, Math.Max(4, _count * 2));
        }

        _blocks[_count] = contentBlockIndex;
        return _count++;
    }

    /// <summary>The OpenAI index of the tool call in <paramref name="contentBlockIndex"/>, or null when no call started there.</summary>
    public int? Of(int contentBlockIndex)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_blocks[i] == contentBlockIndex)
            {
                return i;
            }
        }

        return null;
    }
}
