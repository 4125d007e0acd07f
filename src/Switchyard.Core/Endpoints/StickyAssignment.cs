namespace Switchyard.Core.Endpoints;

/// <summary>
/// <c>traffic_config.sticky</c>: the request header whose value is the unit key (the body's
/// <c>client_request_id</c> when the header is missing) and the salt hashed in front of it.
/// </summary>
public sealed record StickyAssignment(string Header, string Salt);
