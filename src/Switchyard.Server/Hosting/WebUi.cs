using Microsoft.Extensions.FileProviders;

namespace Switchyard.Server.Hosting;

/// <summary>
/// Serves the web UI: plain static files from <c>wwwroot/ui</c> beside the binary, at <c>/ui/</c>,
/// with no build step. The pages carry no secrets, so they are open; the scripts call the API
/// with the token the user signs in with, and the API checks it as for any client.
/// </summary>
public static class WebUi
{
    /// <summary>Where the UI is served.</summary>
    public const string Path = "/ui";

    /// <summary>Redirects <c>GET /</c> to the UI and serves its files; does nothing when the files are absent.</summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "ui");
        if (!Directory.Exists(root))
        {
            return app;
        }

        app.MapGet("/", static (HttpContext context) =>
        {
            context.Response.Redirect(Path + "/");
            return Task.CompletedTask;
        });
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            // The pages change with the server; a browser must not keep an old script beside a new API.
            OnPrepareResponse = static context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
