namespace Switchyard.Server.Registry.Wire;

/// <summary>One page of <c>GET /models</c>; <see cref="NextPageToken"/> is absent on the last page.</summary>
internal sealed record RegisteredModelList(IReadOnlyList<RegisteredModelInfo> RegisteredModels, string? NextPageToken);

/// <summary>One page of <c>GET /models/{full_name}/versions</c>.</summary>
internal sealed record ModelVersionList(IReadOnlyList<ModelVersionInfo> ModelVersions, string? NextPageToken);

/// <summary>The <c>{}</c> a DELETE answers.</summary>
internal sealed record EmptyAnswer;
