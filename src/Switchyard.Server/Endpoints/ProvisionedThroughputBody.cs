using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// What the provisioned-throughput routes take beyond the ordinary config checks: a
/// <c>config</c> whose every served entity is a PtServedModel (a registered foundation model sized
/// by <c>provisioned_model_units</c>), and no capacity commitments, which a self-hosted server has
/// nothing to sell for. Every problem is named in one INVALID_PARAMETER_VALUE; the config reader
/// then checks the rest (that each model is a GGUF foundation model, the units, the split).
/// </summary>
internal static class ProvisionedThroughputBody
{
    /// <summary>Commitment fields of the request (SDK: relocate_pt_commitment, pt_commitment_auto_renew).</summary>
    private static readonly string[] CommitmentFields = ["relocate_pt_commitment", "pt_commitment_auto_renew"];

    /// <summary>Commitment fields of a PtServedModel.</summary>
    private static readonly string[] EntityCommitmentFields = ["pt_term", "pt_auto_renew"];

    /// <summary>Answers the body's config, or throws naming every problem.</summary>
    public static JsonObject Check(JsonObject body)
    {
        var errors = new List<string>();
        foreach (var field in CommitmentFields)
        {
            if (body[field] is not null)
            {
                errors.Add(NoCommitments(field));
            }
        }

        if (body["config"] is not JsonObject config)
        {
            errors.Add("config is required: a provisioned-throughput config with served_entities, each sized in provisioned_model_units.");
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        if (config["served_models"] is not null)
        {
            errors.Add("config.served_models: the provisioned-throughput routes take served_entities only.");
        }

        if (config["served_entities"] is JsonArray entities)
        {
            for (var i = 0; i < entities.Count; i++)
            {
                if (entities[i] is JsonObject entity)
                {
                    CheckEntity(entity, $"served_entities[{i}]", errors);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        return config;
    }

    private static void CheckEntity(JsonObject entity, string path, List<string> errors)
    {
        if (entity["external_model"] is not null)
        {
            errors.Add($"{path}.external_model: the provisioned-throughput routes serve foundation models only; create external-model endpoints with POST /api/2.0/serving-endpoints.");
        }
        else if (entity["provisioned_model_units"] is null)
        {
            errors.Add($"{path}.provisioned_model_units is required on the provisioned-throughput routes: the registered foundation model's capacity in model units (one unit is the version's throughput chunk, in tokens per second).");
        }

        foreach (var field in EntityCommitmentFields)
        {
            if (entity[field] is not null)
            {
                errors.Add(NoCommitments($"{path}.{field}"));
            }
        }
    }

    private static string NoCommitments(string field) =>
        $"{field}: this server sells no capacity commitments (provisioned throughput here lasts as long as the entity is served); leave it out.";
}
