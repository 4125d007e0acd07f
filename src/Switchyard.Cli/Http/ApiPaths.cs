namespace Switchyard.Cli.Http;

/// <summary>The REST paths the client calls, with each name escaped as one path segment.</summary>
internal static class ApiPaths
{
    public const string Endpoints = "api/2.0/serving-endpoints";
    public const string Models = "api/2.1/unity-catalog/models";
    public const string Secrets = "api/2.0/secrets";
    public const string Tokens = "api/2.0/token";

    public static string Endpoint(string name) => $"{Endpoints}/{Segment(name)}";

    public static string EndpointPermissions(string id) => $"api/2.0/permissions/serving-endpoints/{Segment(id)}";

    public static string OptimizationInfo(string model, string version) =>
        $"{Endpoints}/get-model-optimization-info/{Segment(model)}/{Segment(version)}";

    public static string Invocations(string endpoint, string? servedModel) => servedModel is null
        ? $"serving-endpoints/{Segment(endpoint)}/invocations"
        : $"serving-endpoints/{Segment(endpoint)}/served-models/{Segment(servedModel)}/invocations";

    public static string Model(string fullName) => $"{Models}/{Segment(fullName)}";

    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(static p => p.Value is not null).Select(static p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{string.Join('&', present)}";
    }
}
