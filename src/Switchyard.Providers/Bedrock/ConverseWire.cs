namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Bedrock's Converse API (<c>/converse</c>, <c>/converse-stream</c>), the same for every model
/// family: <see cref="ConverseRequestWriter"/> writes the requests, <see cref="ConverseAnswerReader"/>
/// reads the answers and the stream's events.
/// </summary>
public static class ConverseWire
{
    public const string Provider = BedrockProvider.ProviderName;
}
