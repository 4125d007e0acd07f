namespace Switchyard.Core.Secrets;

/// <summary>What may be told about a secret: its key and when it last changed (epoch milliseconds). Never its value.</summary>
public sealed record SecretMetadata(string Key, long LastUpdatedTimestamp);
