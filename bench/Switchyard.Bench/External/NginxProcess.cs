using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Switchyard.Bench.Driving;

namespace Switchyard.Bench.External;

/// <summary>
/// Debian's nginx run in the foreground from a config the bench writes into its scratch folder
/// (pid, logs and temp files there too), as a provider stand-in or as the proxy floor. Access
/// logs are off everywhere; keep-alive is unlimited on both sides so no connection is recycled
/// during a round.
/// </summary>
public sealed class NginxProcess : IDisposable
{
    private readonly Process _process;

    private NginxProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Id => _process.Id;

    /// <summary>CPU of the master and its workers.</summary>
    public TimeSpan CpuTime => ProcessTreeCpu.Read(_process.Id);

    /// <summary>A stand-in: answers every request with the fixed body, whatever the path.</summary>
    public static Task<NginxProcess> StartStandInAsync(
        string name, string scratch, string answer, int workers = 1, string contentType = "application/json")
    {
        if (answer.Contains('\'', StringComparison.Ordinal) || answer.Contains('$', StringComparison.Ordinal) || answer.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("the stand-in's answer must not hold ', $ or \\ (nginx would read them)", nameof(answer));
        }

        return StartAsync(name, scratch, workers, (url, _) => $$"""
                default_type {{contentType}};
                server {
                    listen {{url.Host}}:{{url.Port}};
                    location / { return 200 '{{answer}}'; }
                }
            """);
    }

    /// <summary>
    /// The proxy floor: a 50/50 split of every request between two upstreams, by
    /// <c>split_clients "${request_id}"</c>, with upstream keep-alive (without it nginx is ~3× slower).
    /// </summary>
    public static Task<NginxProcess> StartSplitAsync(string scratch, Uri a, Uri b, int workers = 2) =>
        StartAsync("proxy", scratch, workers, (url, _) => $$"""
                upstream standin_a { server {{a.Host}}:{{a.Port}}; keepalive 64; keepalive_requests 1000000; keepalive_timeout 600s; }
                upstream standin_b { server {{b.Host}}:{{b.Port}}; keepalive 64; keepalive_requests 1000000; keepalive_timeout 600s; }
                split_clients "${request_id}" $standin { 50% standin_a; * standin_b; }
                server {
                    listen {{url.Host}}:{{url.Port}};
                    location / {
                        proxy_pass http://$standin;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            """);

    private static async Task<NginxProcess> StartAsync(string name, string scratch, int workers, Func<Uri, string, string> httpBlock)
    {
        var dir = Path.Combine(scratch, "nginx-" + name);
        Directory.CreateDirectory(Path.Combine(dir, "temp"));
        var url = FreePort.Next();
        var temp = Path.Combine(dir, "temp");
        var config = $$"""
            worker_processes {{workers.ToString(CultureInfo.InvariantCulture)}};
            daemon off;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                keepalive_requests 1000000;
                keepalive_timeout 600s;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
            {{httpBlock(url, dir)}}
            }
            """;
        var file = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(file, config);
        var info = new ProcessStartInfo(NginxBinary()) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", dir, "-c", file })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start nginx");
        var nginx = ChildReaper.Track(new NginxProcess(process, url));
        for (var attempt = 0; ; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx {name} exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(url.Host, url.Port);
                return nginx;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string NginxBinary() =>
        new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" }.FirstOrDefault(File.Exists) ?? "nginx";

    public void Dispose()
    {
        ChildReaper.Forget(this);
        if (!_process.HasExited)
        {
            // SIGTERM via Kill of the tree: the master and its workers.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
