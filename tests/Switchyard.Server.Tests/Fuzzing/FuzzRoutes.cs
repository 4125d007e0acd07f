using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>One route pattern and one of its methods, as the running server maps it.</summary>
internal sealed record FuzzRoute(string Pattern, string Method, IReadOnlyList<string> Parameters);

/// <summary>
/// Reads the routes from the running app's <see cref="EndpointDataSource"/>, so a route someone
/// adds tomorrow is fuzzed without anyone touching the fuzzer.
/// </summary>
internal static class FuzzRoutes
{
    public static IReadOnlyList<FuzzRoute> Discover(IServiceProvider services)
    {
        var routes = new List<FuzzRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is not RouteEndpoint { RoutePattern.RawText: { } pattern } route)
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE"];
            var parameters = route.RoutePattern.Parameters.Select(static p => p.Name).ToArray();
            foreach (var method in methods)
            {
                routes.Add(new FuzzRoute(pattern, method, parameters));
            }
        }

        // Destructive methods last, so the named things exist for as many cases as possible.
        return [.. routes.OrderBy(static r => r.Method == "DELETE" || r.Pattern.EndsWith("/delete", StringComparison.Ordinal))
            .ThenBy(static r => r.Pattern, StringComparer.Ordinal).ThenBy(static r => r.Method, StringComparer.Ordinal)];
    }

    /// <summary>The pattern with each parameter replaced by <paramref name="fill"/>'s (already escaped) value.</summary>
    public static string Fill(string pattern, Func<string, string> fill)
    {
        var path = new System.Text.StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                path.Append(pattern, i, pattern.Length - i);
                break;
            }

            var close = pattern.IndexOf('}', open);
            path.Append(pattern, i, open - i);
            var name = pattern[(open + 1)..close].TrimStart('*').Split(':', '=', '?')[0];
            path.Append(fill(name));
            i = close + 1;
        }

        var text = path.ToString();
        return text.StartsWith('/') ? text : "/" + text;
    }
}
