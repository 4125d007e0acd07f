using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Config;

namespace Switchyard.Server.Tests.Gateway.Config;

/// <summary>The reader alone: a full stored example gives the typed config the gateway steps enforce; a bad one names every field.</summary>
public sealed class AiGatewayConfigReaderTests
{
    private const string FullGateway = """
        {
          "usage_tracking_config": {"enabled": true},
          "inference_table_config": {"catalog_name": "main", "schema_name": "logs", "enabled": true, "sampling_fraction": 0.25},
          "rate_limits": [
            {"calls": 100, "renewal_period": "minute"},
            {"calls": 10, "tokens": 5000, "key": "user", "principal": "ana@example.com", "renewal_period": "hour"},
            {"tokens": 0, "key": "user_group", "renewal_period": "day"}
          ],
          "budgets": [{"key": "service_principal", "principal": "app-1", "tokens": 1000000, "period": "month"}],
          "guardrails": {
            "input": {"pii": {"behavior": "MASK"}, "safety": true, "invalid_keywords": ["secret"], "valid_topics": ["fraud", "risk"]},
            "output": {"pii": {"behavior": "BLOCK"}}
          },
          "fallback_config": {"enabled": true}
        }
        """;

    private static ServingEndpoint Endpoint(string name, string gateway, string? legacyRateLimits = null, string? autoCapture = null)
    {
        var extras = new JsonObject { ["ai_gateway"] = JsonNode.Parse(gateway) };
        if (legacyRateLimits is not null)
        {
            extras["rate_limits"] = JsonNode.Parse(legacyRateLimits);
        }

        var config = new EndpointConfig(1, [], [], autoCapture is null ? null : JsonNode.Parse(autoCapture)!.AsObject());
        return new ServingEndpoint("id", name, "admin", 0, 0, config, null, null, ConfigUpdateState.NotUpdating, null, extras, []);
    }

    [Fact]
    public void FromStored_GivesTheTypedConfig_ForAFullExample_WithTheLegacyRulesAppended()
    {
        var gateway = AiGatewayConfigReader.FromStored(Endpoint("fraud-scores.v2", FullGateway, """[{"calls": 7, "key": "user", "renewal_period": "minute"}]"""));

        Assert.True(gateway.UsageTracking);
        Assert.True(gateway.FallbackEnabled);
        Assert.Equal(new InferenceTableConfig("main", "logs", "fraud_scores_v2", true, 0.25), gateway.InferenceTable);
        Assert.Equal("main.logs.fraud_scores_v2_payload", gateway.InferenceTable!.PayloadTable);
        Assert.Equal(
            [
                new RateLimitRule("ai_gateway.rate_limits[0]", LimitKey.Endpoint, null, 100, null, RenewalPeriod.Minute),
                new RateLimitRule("ai_gateway.rate_limits[1]", LimitKey.User, "ana@example.com", 10, 5000, RenewalPeriod.Hour),
                new RateLimitRule("ai_gateway.rate_limits[2]", LimitKey.UserGroup, null, null, 0, RenewalPeriod.Day),
                new RateLimitRule("rate_limits[0]", LimitKey.User, null, 7, null, RenewalPeriod.Minute),
            ],
            gateway.RateLimits);
        Assert.Equal([new BudgetRule("ai_gateway.budgets[0]", LimitKey.ServicePrincipal, "app-1", 1_000_000, BudgetPeriod.Month)], gateway.Budgets);
        Assert.Equal(PiiBehavior.Mask, gateway.Guardrails.Input.Pii);
        Assert.True(gateway.Guardrails.Input.Safety);
        Assert.Equal(["secret"], gateway.Guardrails.Input.InvalidKeywords);
        Assert.Equal(["fraud", "risk"], gateway.Guardrails.Input.ValidTopics);
        Assert.Equal(PiiBehavior.Block, gateway.Guardrails.Output.Pii);
        Assert.False(gateway.Guardrails.Output.Safety);
        Assert.Empty(gateway.Guardrails.Output.InvalidKeywords);
        Assert.True(gateway.Limits);
        Assert.True(gateway.CapturesPayloads);
    }

    [Fact]
    public void FromStored_TakesTheLegacyAutoCapture_WhenTheGatewayHasNoEnabledTable()
    {
        var gateway = AiGatewayConfigReader.FromStored(Endpoint("legacy",
            """{"inference_table_config": {"enabled": false}}""", autoCapture: """{"catalog_name": "ml", "schema_name": "ads", "table_name_prefix": "feed"}"""));

        Assert.Equal(new InferenceTableConfig("ml", "ads", "feed", Enabled: true), gateway.InferenceTable);
    }

    [Fact]
    public void FromStored_NeverThrows_AndAnEndpointWithoutGatewayHasNone()
    {
        var empty = new ServingEndpoint("id", "plain", "admin", 0, 0, null, null, null, ConfigUpdateState.NotUpdating, null, [], []);
        Assert.Equal(AiGatewayConfig.None.RateLimits, AiGatewayConfigReader.FromStored(empty).RateLimits);
        Assert.False(AiGatewayConfigReader.FromStored(empty).Limits);

        var odd = AiGatewayConfigReader.FromStored(Endpoint("odd", """{"rate_limits": "many", "fallback_config": {"enabled": true}}"""));
        Assert.Empty(odd.RateLimits);
        Assert.True(odd.FallbackEnabled);
    }

    [Fact]
    public void Read_NamesEveryFieldInError_InOneRefusal()
    {
        var error = Assert.Throws<ServingException>(() => AiGatewayConfigReader.Read(JsonNode.Parse("""
            {"rate_limits": [{"calls": 1, "renewal_period": "minute"}, {"calls": -1, "renewal_period": "week", "key": "endpoint", "principal": "ana"}],
             "budgets": [{"key": "user", "tokens": 0, "period": "year"}],
             "inference_table_config": {"catalog_name": "main.prod", "enabled": true, "sampling_fraction": 0},
             "guardrails": {"input": {"invalid_keywords": [""], "pii": {"behaviour": "MASK"}}},
             "usage_tracking": {"enabled": true}}
            """)!, "ai_gateway", "e"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        foreach (var expected in new[]
        {
            "ai_gateway.rate_limits[1].calls must be a whole number of at least 0",
            "ai_gateway.rate_limits[1].renewal_period must be one of minute, hour, day",
            "ai_gateway.rate_limits[1].principal needs key user, user_group or service_principal",
            "ai_gateway.budgets[0].tokens must be a whole number of at least 1",
            "ai_gateway.budgets[0].period must be one of day, month",
            "ai_gateway.inference_table_config.catalog_name 'main.prod' must be an identifier",
            "ai_gateway.inference_table_config.schema_name is required when the inference table is enabled",
            "ai_gateway.inference_table_config.sampling_fraction must be a number above 0 and at most 1",
            "ai_gateway.guardrails.input.invalid_keywords[0] must be a non-empty string",
            "ai_gateway.guardrails.input.pii.behaviour is not a field of pii",
            "ai_gateway.usage_tracking is not a field of ai_gateway",
        })
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("rate_limits[0]", error.Message, StringComparison.Ordinal);
    }
}
