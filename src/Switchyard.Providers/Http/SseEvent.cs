namespace Switchyard.Providers.Http;

/// <summary>One server-sent event: its <c>event:</c> name (null when unnamed) and its data lines joined by newlines.</summary>
internal readonly record struct SseEvent(string? Name, string Data);
