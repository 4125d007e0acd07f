using System.Text.Json.Nodes;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;

namespace Switchyard.Cli.Models;

/// <summary>
/// What <c>models register</c> does before it uploads: like MLflow's <c>register_model</c>, it
/// creates the registered model when it does not exist yet, so a first version needs no separate
/// <c>models create</c>. An existing model is left as it is; a refusal to create one (no
/// CREATE_MODEL on the schema, say) ends the command with the server's reason.
/// </summary>
internal static class ModelRegistration
{
    private const string DoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    private const string AlreadyExists = "RESOURCE_ALREADY_EXISTS";

    /// <summary>The body that creates the model <paramref name="fullName"/> (CATALOG.SCHEMA.NAME).</summary>
    public static JsonObject CreateBody(string fullName, string? comment)
    {
        var parts = fullName.Split('.', 3);
        if (parts.Length != 3 || parts.Any(static p => p.Length == 0))
        {
            throw CliException.Usage($"'{fullName}' is not a full model name CATALOG.SCHEMA.NAME.");
        }

        var body = new JsonObject { ["catalog_name"] = parts[0], ["schema_name"] = parts[1], ["name"] = parts[2] };
        if (comment is not null)
        {
            body["comment"] = comment;
        }

        return body;
    }

    /// <summary>Creates <paramref name="fullName"/> when it is missing; true when this call created it.</summary>
    public static async Task<bool> EnsureModelAsync(CommandContext context, string fullName)
    {
        var body = CreateBody(fullName, comment: null);
        try
        {
            await context.Api.GetAsync(ApiPaths.Model(fullName), context.Cancellation);
            return false;
        }
        catch (CliException missing) when (missing.ErrorCode == DoesNotExist)
        {
            // Created below. Any other answer (no EXECUTE on it, say) is left to the upload, which names its own reason.
        }

        try
        {
            await context.Api.SendJsonAsync(HttpMethod.Post, ApiPaths.Models, body, context.Cancellation);
            return true;
        }
        catch (CliException raced) when (raced.ErrorCode == AlreadyExists)
        {
            // Created by someone else in the meantime: it exists, which is all the upload needs.
            return false;
        }
        catch (CliException refused)
        {
            throw new CliException(refused.ExitCode, $"Registered model {fullName} does not exist and could not be created: {refused.Message}")
            {
                ErrorCode = refused.ErrorCode,
            };
        }
    }
}
