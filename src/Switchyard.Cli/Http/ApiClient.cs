using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Cli.Connection;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Http;

/// <summary>
/// The public REST API over HTTP, as any remote user reaches it. A failed call becomes a
/// <see cref="CliException"/> carrying the API's <c>error_code</c> and message and the exit code of
/// its status; a host that cannot be reached becomes <see cref="ExitCodes.Unreachable"/>.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _host;

    public ApiClient(ConnectionSettings settings)
    {
        _host = settings.Host;
        _http = new HttpClient { BaseAddress = settings.Host, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("switchyard-cli/0.1");
    }

    public Task<ApiAnswer> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<ApiAnswer> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>Sends <paramref name="body"/>; <paramref name="ifMatch"/>, when given, is sent as <c>If-Match</c> exactly as written.</summary>
    public Task<ApiAnswer> SendJsonAsync(HttpMethod method, string path, JsonNode body, CancellationToken ct, string? ifMatch = null) =>
        SendAsync(method, path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct, ifMatch);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct, string? ifMatch = null)
    {
        // Relative to the host, so a host URL with a path prefix keeps it.
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (ifMatch is not null)
        {
            // Unvalidated: the server takes a bare version (5) as well as an entity tag ("5"), and judges it itself.
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException error)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach {_host}: {error.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{_host} did not answer within {_http.Timeout.TotalSeconds:0} seconds.");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure((int)response.StatusCode, body);
            }

            var served = response.Headers.TryGetValues("served-model-name", out var values) ? values.FirstOrDefault() : null;
            return new ApiAnswer(body, served);
        }
    }

    /// <summary>The API's error body read into one stderr line: <c>ERROR_CODE: message</c>.</summary>
    private static CliException Failure(int status, string body)
    {
        string? code = null;
        string? message = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject error)
            {
                code = error["error_code"]?.GetValue<string>();
                message = error["message"]?.GetValue<string>();
            }
        }
        catch (Exception parse) when (parse is JsonException or InvalidOperationException)
        {
            // Not the API's error shape (a proxy's page, say): the status line says enough.
        }

        var errorCode = code;
        code ??= $"HTTP_{status}";
        message ??= body.Length is > 0 and <= 300 ? body.Trim() : $"the server answered {status}";
        return new CliException(ExitCodes.OfStatus(status), $"{code}: {message}") { ErrorCode = errorCode };
    }

    public void Dispose() => _http.Dispose();
}
