using Switchyard.Core.Gateway;

namespace Switchyard.Server.Tests.Gateway.Usage;

/// <summary>Usage rows and served-entity records made up for the tests, each field easy to tell apart.</summary>
internal static class UsageSamples
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ServedEntityRecord Entity(string endpoint, string served = "champion", long configVersion = 1, string version = "1") =>
        new(ServedEntityId.Of(endpoint, served, configVersion), endpoint, served, "main.default." + served, version, configVersion, Start);

    public static UsageRecord Row(
        string endpoint, string requester, DateTimeOffset time, string served = "champion", int status = 200, int? input = 10, int? output = 20,
        string? id = null) =>
        new(id ?? Guid.NewGuid().ToString(), ClientRequestId: null, time, status, requester, endpoint,
            ServedEntityId.Of(endpoint, served, 1), served, input, output, RequestStreaming: false, UsageContext: null,
            LatencyMs: 12.5, TimeToFirstByteMs: null);
}
