namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// The cases for one route and method, the same on every run for a given seed: malformed bodies
/// with every content type, seeded template mutations, random bytes, archives, junk in each path
/// parameter and in the query string, every eleventh case as the no-grant user, and a few with
/// no or junk credentials.
/// </summary>
internal static class FuzzPlan
{
    public const int MutationsPerRoute = 150;
    public const int RandomBodiesPerRoute = 3;

    /// <summary>Content-Type headers sent; null sends no header.</summary>
    public static readonly string?[] ContentTypes =
    [
        "application/json", "text/plain", "application/gzip", "multipart/form-data; boundary=b", "application/x-www-form-urlencoded", null,
    ];

    /// <summary>
    /// Junk path parameter values, written as they go on the wire. Left out on purpose: a raw
    /// space, a NUL (raw or %00) or a raw non-ASCII byte in the request target. Kestrel refuses
    /// those with an empty 400 before any of our code runs, so our error format cannot apply
    /// (docs/errors.md).
    /// </summary>
    private static readonly string[] JunkSegments =
    [
        "fz-missing", "%F0%9F%98%80", "%C3%28", "%ED%A0%80", "%FF", "%20", "%20%20", "...", "a.b.c.d.e", "a.b", ".a.b", "%2F",
        "%2E%2E", "%01", "%7F", "%0D%0A", "-1", "0", "99999999999999999999", new string('x', 2000), "%25", "%7B%7D", "%22", "%5C", "%0A",
    ];

    /// <summary>Junk query strings; names our routes read, and one they do not.</summary>
    private static readonly string[] JunkQueries =
    [
        "max_results=-1", "max_results=abc", "max_results=99999999999999999999", "max_results=", "page_token=%FF%FE",
        "page_token=junk", "page_token=AAAA", "filter=userName%20eq%20%22%ED%A0%80%22", "filter=(((", "filter=userName%20eq",
        "filter=displayName%20co%20%22%FF%22", "startIndex=-5&count=abc", "comment=%FF%FE", "comment=%ED%A0%80",
        "scope=%ED%A0%80&principal=%FF", "scope=&key=", "catalog_name=%FF&schema_name=%C3%28", "created_by_id=abc",
        "created_by_username=%ED%A0%80", "include_aliases=maybe", "max_results=1&max_results=2", "unknown=%FF",
    ];

    /// <summary>Query strings naming real things, so the routes that read them reach their handlers.</summary>
    private static readonly string[] RealQueries =
    [
        "scope=fz-scope", "scope=fz-scope&principal=fz-user", "catalog_name=catalog&schema_name=schema&max_results=1",
        "filter=userName%20eq%20%22fz-user%22", "filter=displayName%20eq%20%22fz-group%22", "created_by_username=fz-user",
    ];

    /// <summary>Authorization headers that are not a usable token.</summary>
    private static readonly string[] JunkCredentials =
    [
        "Bearer", "Bearer dapi", "Bearer dapi00000000000000zz00000000000000000000000000000000", "Bearer ~!@#$%^&*()", "Basic %%%",
        "Basic dG9rZW46", "Negotiate abc", new string('B', 4000),
    ];

    public static List<FuzzCase> For(FuzzRoute route, FuzzWorld world, int seed)
    {
        var random = new Random(HashCode.Combine(seed, Stable(route.Pattern), Stable(route.Method)));
        var cases = new List<FuzzCase>();
        var realPaths = RealPaths(route, world);
        var real = realPaths[0];

        void Add(string path, string? contentType, FuzzBody body) =>
            cases.Add(new FuzzCase(route.Pattern, route.Method, path, body.Bytes is null ? null : contentType, body.Bytes, body.Description,
                cases.Count % 11 == 5 ? FuzzCaller.NoGrantUser : FuzzCaller.Admin));

        // Each malformed body as JSON and under one other content type in turn, so every type
        // meets every kind of body across routes while the run stays within a minute.
        var structural = 0;
        foreach (var body in FuzzBodies.Structural())
        {
            Add(real, "application/json", body);
            if (body.Bytes is not null)
            {
                Add(real, ContentTypes[1 + ((structural++ + Stable(route.Method)) % (ContentTypes.Length - 1))], body);
            }
        }

        foreach (var body in FuzzBodies.Huge())
        {
            Add(real, "application/json", body);
        }

        foreach (var body in FuzzBodies.RandomBytes(random, RandomBodiesPerRoute))
        {
            Add(real, ContentTypes[random.Next(ContentTypes.Length)], body);
        }

        foreach (var body in FuzzArchives.All)
        {
            Add(real, "application/gzip", body);
        }

        for (var i = 0; i < MutationsPerRoute; i++)
        {
            // Mostly JSON, as clients send; sometimes another type over the same bytes.
            var contentType = random.Next(5) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
            Add(realPaths[i % realPaths.Count], contentType, FuzzBodies.Mutation(random, route.Pattern));
        }

        foreach (var query in RealQueries.Concat(JunkQueries))
        {
            Add($"{real}?{query}", null, new FuzzBody($"query {query}", null));
        }

        foreach (var path in JunkPaths(route, world))
        {
            Add(path, null, new FuzzBody("no body", null));
            Add(path, "application/json", FuzzBodies.Mutation(random, route.Pattern));
        }

        cases.Add(new FuzzCase(route.Pattern, route.Method, real, null, null, "no credentials", FuzzCaller.Anonymous));
        foreach (var credentials in JunkCredentials)
        {
            cases.Add(new FuzzCase(route.Pattern, route.Method, real, null, null, "junk credentials", FuzzCaller.JunkCredentials, credentials));
        }

        return cases;
    }

    /// <summary>The pattern filled with real values: every value of each parameter in turn, the others at their first.</summary>
    private static List<string> RealPaths(FuzzRoute route, FuzzWorld world)
    {
        var paths = new List<string> { FuzzRoutes.Fill(route.Pattern, p => Uri.EscapeDataString(world.ValuesFor(p, route.Pattern)[0])) };
        foreach (var parameter in route.Parameters)
        {
            foreach (var value in world.ValuesFor(parameter, route.Pattern).Skip(1))
            {
                paths.Add(FuzzRoutes.Fill(route.Pattern, p => Uri.EscapeDataString(p == parameter ? value : world.ValuesFor(p, route.Pattern)[0])));
            }
        }

        return paths;
    }

    /// <summary>Each junk value in each parameter, the others real.</summary>
    private static IEnumerable<string> JunkPaths(FuzzRoute route, FuzzWorld world)
    {
        foreach (var parameter in route.Parameters)
        {
            foreach (var junk in JunkSegments)
            {
                yield return FuzzRoutes.Fill(route.Pattern, p => p == parameter ? junk : Uri.EscapeDataString(world.ValuesFor(p, route.Pattern)[0]));
            }
        }
    }

    /// <summary>A non-negative string hash that is the same in every process, unlike string.GetHashCode.</summary>
    private static int Stable(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & int.MaxValue;
    }
}
