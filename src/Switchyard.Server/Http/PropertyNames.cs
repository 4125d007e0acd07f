using System.Text.Json;

namespace Switchyard.Server.Http;

/// <summary>
/// The property names of one object as a reader passes them, to refuse a name given twice (what
/// <see cref="WellFormedText"/> refuses in a tree) and a name that is not text. A name is kept as
/// its place in the body, not a copy; a name written with escapes, or an object with more names
/// than the caller's scratch holds, moves the object to a set of decoded names.
/// </summary>
public ref struct PropertyNames
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly Span<Range> _places;
    private readonly string _parent;
    private readonly int _index;
    private int _count;
    private HashSet<string>? _decoded;

    /// <param name="body">The whole body the reader reads (one segment).</param>
    /// <param name="places">Scratch for the names' places, usually on the stack.</param>
    /// <param name="parent">The object's JSON path in errors (empty for the body itself), or its array's.</param>
    /// <param name="index">The object's index in the array <paramref name="parent"/>; -1 when it is not an item.</param>
    public PropertyNames(ReadOnlySpan<byte> body, Span<Range> places, string parent, int index = -1)
    {
        _body = body;
        _places = places;
        _parent = parent;
        _index = index;
    }

    /// <summary>Made only for an error, so that reading an array of objects makes no path strings.</summary>
    private readonly string Path => _index < 0 ? _parent : $"{_parent}[{_index}]";

    /// <summary>Takes the reader's current property name; a 400 when it is not text or was given before in this object.</summary>
    public void Add(ref readonly Utf8JsonReader reader)
    {
        if (!CheckedTokens.IsText(in reader))
        {
            throw WellFormedText.NameNotText(Path);
        }

        if (_decoded is null && !reader.ValueIsEscaped && _count < _places.Length)
        {
            var name = reader.ValueSpan;
            for (var i = 0; i < _count; i++)
            {
                if (_body[_places[i]].SequenceEqual(name))
                {
                    throw WellFormedText.Twice(Path);
                }
            }

            // A property name's token starts at its opening quote.
            var start = (int)reader.TokenStartIndex + 1;
            _places[_count++] = new Range(start, start + name.Length);
            return;
        }

        if (_decoded is null)
        {
            _decoded = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                _decoded.Add(System.Text.Encoding.UTF8.GetString(_body[_places[i]]));
            }
        }

        if (!_decoded.Add(reader.GetString()!))
        {
            throw WellFormedText.Twice(Path);
        }
    }
}
