using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Serving;

/// <summary>
/// The floor for the tiny model: Kestrel and a minimal-API route on the same host builder as the
/// server (slim), which reads the whole body and answers fixed bytes without parsing or scoring.
/// Whatever Switchyard costs above this is routing, JSON and scoring.
/// </summary>
public static class FloorServer
{
    private const string ServedModelHeader = "served-model-name";

    public static async Task<int> RunAsync(string[] args)
    {
        var read = new BenchArguments(args);
        var bodyFile = read.Value("--body-file") ?? throw new ArgumentException("--body-file is required");
        var servedName = read.Value("--served-name") ?? "tiny";
        var answer = await File.ReadAllBytesAsync(bodyFile);

        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        var state = new FloorAnswer(answer, servedName);
        app.MapPost("/serving-endpoints/{name}/invocations", context => state.WriteAsync(context));
        app.MapAllocatedBytes();
        await app.RunAsync();
        return 0;
    }

    /// <summary>The fixed answer, plus the same header Switchyard sets, so both sides send the same bytes.</summary>
    private sealed class FloorAnswer(byte[] answer, string servedName)
    {
        public async Task WriteAsync(HttpContext context)
        {
            // Read the body to its end as the server must; the bytes are dropped.
            var reader = context.Request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync(context.RequestAborted);
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            context.Response.Headers[ServedModelHeader] = servedName;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.Length;
            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        }
    }
}
