namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// Well-formed bodies of every kind the API takes, naming the things <see cref="FuzzWorld"/>
/// creates. The fuzzer mutates them one field at a time, so a case reaches past the parser into
/// the handler's own checks. Each names the routes it was written for (a piece of their
/// pattern); most mutations of a route start from its own templates, the rest from any, since a
/// new route's shape is unknown and a body meant for another route is a fair case too.
/// </summary>
internal static class FuzzTemplates
{
    public static readonly (string[] RouteHints, string Json)[] All =
    [
        // Endpoints: create, config, AI gateway.
        (["/api/2.0/serving-endpoints/"], """
        {"name": "fz-new", "config": {"served_entities": [{"name": "current", "entity_name": "catalog.schema.model-A",
          "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true}],
          "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": 100}]}}}
        """),
        (["/config"], """
        {"served_entities": [{"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1",
          "workload_size": "Small", "scale_to_zero_enabled": true},
          {"name": "fz-ext", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat",
            "openai_config": {"openai_api_key": "{{secrets/fz-scope/openai_api_key}}"}}}],
          "traffic_config": {"routes": [{"served_model_name": "current", "traffic_percentage": "50"}]}}
        """),
        (["/ai-gateway"], """{"fallback_config": {"enabled": true}, "rate_limits": [{"calls": 10, "renewal_period": "minute", "key": "user"}]}"""),

        // Data plane: MLflow scoring and LLM queries.
        (["/invocations"], """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}"""),
        (["/invocations"], """{"dataframe_records": [{"x1": 1, "x2": 2.5, "x3": "3", "x4": 4}], "params": {"a": 1}}"""),
        (["/invocations"], """{"inputs": [[1, 2, 3, 4]]}"""),
        (["/invocations"], """{"instances": [{"x1": 1, "x2": 2, "x3": 3, "x4": 4}]}"""),
        (["/chat/completions", "/invocations"], """
        {"model": "fz-chat", "messages": [{"role": "system", "content": "Be brief."},
          {"role": "user", "content": [{"type": "text", "text": "Hi"}]}], "max_tokens": 16, "temperature": 0.5,
          "top_p": 1, "n": 1, "stop": ["x"], "stream": false, "tools": [], "extra_params": {}}
        """),
        (["/chat/completions", "/invocations"], """
        {"model": "fz-claude", "stream": true, "messages": [{"role": "user", "content": "Weather?"},
          {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
            "function": {"name": "weather", "arguments": "{\"city\": \"Oslo\"}"}}]},
          {"role": "tool", "tool_call_id": "c1", "content": "sunny"}],
          "tools": [{"type": "function", "function": {"name": "weather", "description": "d", "parameters": {"type": "object"}}}],
          "tool_choice": {"type": "function", "function": {"name": "weather"}}}
        """),
        (["/serving-endpoints/completions", "/invocations"], """{"model": "fz-chat", "prompt": ["Say hi"], "max_tokens": 8}"""),
        (["/embeddings", "/invocations"], """{"model": "fz-chat", "input": ["a", "b"]}"""),

        // Secrets.
        (["/secrets/put", "/secrets/delete"], """{"scope": "fz-scope", "key": "k1", "string_value": "v"}"""),
        (["/secrets/put", "/secrets/scopes"], """{"scope": "fz-scope", "key": "k2", "bytes_value": "AAEC"}"""),
        (["/secrets/acls"], """{"scope": "fz-scope", "principal": "fz-user", "permission": "READ"}"""),

        // Identity: SCIM and tokens.
        (["/scim/v2/Users", "/scim/v2/ServicePrincipals"], """{"userName": "fz-other", "displayName": "Other", "groups": [{"value": "1"}], "active": true}"""),
        (["/scim/v2/Groups"], """{"displayName": "fz-group-2", "members": [{"value": "1"}]}"""),
        (["/scim/v2/"], """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          "Operations": [{"op": "add", "path": "members", "value": [{"value": "1"}]}, {"op": "replace", "value": {"active": false}}]}
        """),
        (["/token/create"], """{"comment": "fz", "lifetime_seconds": 3600}"""),
        (["on-behalf-of"], """{"user_name": "fz-user", "comment": "fz", "lifetime_seconds": 60}"""),
        (["on-behalf-of"], """{"application_id": "00000000-0000-0000-0000-000000000000", "comment": "fz"}"""),
        (["/token/delete"], """{"token_id": "0000000000000000"}"""),

        // Permissions on endpoints and registered models.
        (["/permissions/serving-endpoints"], """{"access_control_list": [{"user_name": "fz-user", "permission_level": "CAN_QUERY"}, {"group_name": "fz-group", "permission_level": "CAN_VIEW"}]}"""),
        (["/unity-catalog/permissions"], """{"changes": [{"principal": "fz-user", "add": ["EXECUTE"], "remove": []}]}"""),

        // Registry.
        (["/unity-catalog/models/"], """{"catalog_name": "catalog", "schema_name": "schema", "name": "fz-model", "comment": "c"}"""),
        (["/unity-catalog/models/{fullName}"], """{"comment": "updated", "owner": "fz-user"}"""),
        (["/versions"], """{"source": "samples/models/model-a", "comment": "c"}"""),
        (["/aliases"], """{"version_num": 1}"""),
    ];
}
