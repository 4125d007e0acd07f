using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Switchyard.Server.Hosting;
using Switchyard.Testing;
using YamlDotNet.RepresentationModel;

namespace Switchyard.Server.Tests.Deployment;

/// <summary>
/// The Kubernetes manifests, the Dockerfile and the HAProxy example, held to the server they run:
/// every flag and SWITCHYARD__ variable they set is one the server reads, the probes are its health
/// routes (and answer without a token), ports agree, the drain fits in the grace period, the model
/// volume is shared and mounted where the data folder is, and the container runs as a non-root user.
/// </summary>
public sealed partial class DeploymentManifestTests
{
    private static readonly string Kubernetes = Path.Combine(RepoPaths.Root, "deploy", "kubernetes");

    [Fact]
    public void Every_resource_the_kustomization_names_is_there_and_every_kind_the_issue_asks_for_is_present()
    {
        var kustomization = Load("kustomization.yaml");
        var resources = ((YamlSequenceNode)kustomization["resources"]).Select(r => ((YamlScalarNode)r).Value!).ToList();
        var kinds = resources.Select(r => Text(Load(r), "kind")).ToList();
        Assert.Equal(["Secret", "ConfigMap", "PersistentVolumeClaim", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler"], kinds);
        Assert.Equal("3", Text(Load("deployment.yaml"), "spec", "replicas"));
    }

    [Fact]
    public void The_container_uses_only_flags_and_settings_the_server_reads()
    {
        var container = Container();
        var args = ((YamlSequenceNode)container["args"]).Select(a => ((YamlScalarNode)a).Value!).ToList();
        foreach (var flag in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Concat(EntrypointFlags()))
        {
            Assert.Contains(flag, SwitchyardHost.Flags);
        }

        var settings = typeof(ServingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).ToList();
        var names = EnvNames(container).Concat(DataKeys("configmap.yaml")).Concat(DataKeys("secret.yaml", "stringData")).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            Assert.StartsWith("SWITCHYARD__", name, StringComparison.Ordinal);
            Assert.Contains(name["SWITCHYARD__".Length..], settings, StringComparer.OrdinalIgnoreCase);
        }

        Assert.Contains("SWITCHYARD__DATABASE", DataKeys("secret.yaml", "stringData"));
        Assert.Contains("SWITCHYARD__SECRETSKEY", DataKeys("secret.yaml", "stringData"));
        Assert.Contains("SWITCHYARD__ADMINTOKEN", DataKeys("secret.yaml", "stringData"));
    }

    [Fact]
    public async Task The_probes_are_the_servers_health_routes_and_answer_without_a_token()
    {
        var container = Container();
        Assert.Equal(HealthRoutes.Live, Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(HealthRoutes.Ready, Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(HealthRoutes.Live, Text(container, "startupProbe", "httpGet", "path"));
        Assert.Contains($"option httpchk GET {HealthRoutes.Ready}", File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "haproxy", "haproxy.cfg")), StringComparison.Ordinal);

        await using var server = await ServerUnderTest.StartAsync();
        var anonymous = server.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(HealthRoutes.Live)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(HealthRoutes.Ready)).StatusCode);
    }

    [Fact]
    public void Ports_agree_the_drain_fits_the_grace_period_and_the_shared_volume_is_the_data_folder()
    {
        var container = Container();
        var args = ((YamlSequenceNode)container["args"]).Select(a => ((YamlScalarNode)a).Value!).ToList();
        var port = Text((YamlMappingNode)((YamlSequenceNode)container["ports"])[0], "containerPort");
        Assert.EndsWith($":{port}", args[args.IndexOf("--urls") + 1], StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {port}", Dockerfile(), StringComparison.Ordinal);
        Assert.Contains($"http://0.0.0.0:{port}", Dockerfile(), StringComparison.Ordinal);

        var pod = (YamlMappingNode)((YamlMappingNode)Load("deployment.yaml")["spec"])["template"]["spec"];
        var grace = int.Parse(Text(pod, "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        var preStop = int.Parse(((YamlScalarNode)((YamlSequenceNode)container["lifecycle"]["preStop"]["exec"]["command"])[1]).Value!, System.Globalization.CultureInfo.InvariantCulture);
        var drain = TimeSpan.Parse(((YamlScalarNode)Load("configmap.yaml")["data"]["SWITCHYARD__DRAINTIMEOUT"]).Value!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace > preStop + drain.TotalSeconds, $"terminationGracePeriodSeconds {grace} must exceed preStop {preStop} s + drain {drain.TotalSeconds} s");

        var claim = Load("models-pvc.yaml");
        Assert.Equal("ReadWriteMany", ((YamlScalarNode)((YamlSequenceNode)claim["spec"]["accessModes"])[0]).Value);
        var mount = (YamlMappingNode)((YamlSequenceNode)container["volumeMounts"])[0];
        Assert.Equal(args[args.IndexOf("--data-dir") + 1], Text(mount, "mountPath"));
        var volume = (YamlMappingNode)((YamlSequenceNode)pod["volumes"])[0];
        Assert.Equal(Text(claim, "metadata", "name"), Text(volume, "persistentVolumeClaim", "claimName"));
    }

    [Fact]
    public void The_image_runs_the_server_as_a_non_root_user_with_the_native_libraries_checked_at_build()
    {
        var dockerfile = Dockerfile();
        Assert.Matches(@"(?m)^FROM \$\{SDK_IMAGE\} AS build$", dockerfile);
        Assert.Matches(@"(?m)^FROM \$\{RUNTIME_IMAGE\}$", dockerfile);
        Assert.Contains("libgomp1", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^USER 10001$", dockerfile);
        Assert.Contains("libonnxruntime.so", dockerfile, StringComparison.Ordinal);
        Assert.Contains("libllama.so", dockerfile, StringComparison.Ordinal);
        var dll = Entrypoint().Single(part => part.EndsWith(".dll", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, Path.GetFileName(dll))), $"{dll} is not what the server project builds");
        Assert.Equal("10001", Text(Container(), "..", "securityContext", "runAsUser"));
    }

    private static string Dockerfile() => File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));

    private static IReadOnlyList<string> Entrypoint() =>
        EntrypointLine().Match(Dockerfile()).Groups[1].Value.Split(',').Select(p => p.Trim().Trim('"')).ToList();

    private static IEnumerable<string> EntrypointFlags() => Entrypoint().Where(p => p.StartsWith("--", StringComparison.Ordinal));

    [GeneratedRegex(@"(?m)^ENTRYPOINT \[(.*)\]$")]
    private static partial Regex EntrypointLine();

    private static YamlMappingNode Container()
    {
        var pod = (YamlMappingNode)((YamlMappingNode)Load("deployment.yaml")["spec"])["template"]["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
        // ".." lets a test reach the pod's own settings from the container.
        container.Children[new YamlScalarNode("..")] = pod;
        return container;
    }

    private static IEnumerable<string> EnvNames(YamlMappingNode container) =>
        ((YamlSequenceNode)container["env"]).Select(e => Text((YamlMappingNode)e, "name"));

    private static IEnumerable<string> DataKeys(string file, string section = "data") =>
        ((YamlMappingNode)Load(file)[section]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Kubernetes, file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Text(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current)[key];
        }

        return ((YamlScalarNode)current).Value!;
    }
}
