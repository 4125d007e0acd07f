namespace Switchyard.Providers.Schema;

/// <summary>What a config-block field holds, which decides how it is checked and how a form asks for it.</summary>
public enum ProviderFieldKind
{
    /// <summary>A plain string (a region, a project id, a deployment name).</summary>
    Text,

    /// <summary>
    /// A key: a <c>{{secrets/scope/key}}</c> reference, or the literal key in its <c>_plaintext</c>
    /// twin (sealed as the config is read), exactly one of the two.
    /// </summary>
    Secret,

    /// <summary>One of a fixed list of strings, compared without regard to case.</summary>
    Choice,

    /// <summary>An absolute http or https URL.</summary>
    Url,

    /// <summary>A nested JSON object with fields of its own (custom's <c>bearer_token_auth</c>).</summary>
    Block,
}
