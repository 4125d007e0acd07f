namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// One request the fuzzer sends: everything needed to send it again by hand. <see cref="Body"/>
/// is null for a request with no content at all; <see cref="ContentType"/> null sends none;
/// <see cref="Authorization"/> replaces the caller's header when set.
/// </summary>
internal sealed record FuzzCase(
    string Route,
    string Method,
    string Path,
    string? ContentType,
    byte[]? Body,
    string Description,
    FuzzCaller Caller,
    string? Authorization = null)
{
    public override string ToString()
    {
        var size = Body is null ? "no body" : $"{Body.Length} bytes";
        var caller = Authorization is null ? Caller.ToString() : $"{Caller} (Authorization: {Authorization})";
        return $"{Method} {Path} (route {Route}) as {caller}, Content-Type {ContentType ?? "none"}, {size}: {Description}";
    }
}
