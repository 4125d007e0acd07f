using System.Text.Json.Nodes;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Models;

/// <summary>Registered models and their versions as text.</summary>
internal static class ModelView
{
    public static void Model(OutputWriter output, JsonObject model)
    {
        output.Fields(
            ("full_name", JsonText.Of(model["full_name"])),
            ("owner", JsonText.Of(model["owner"])),
            ("comment", JsonText.Of(model["comment"])),
            ("created", $"{JsonText.Time(model["created_at"])} by {JsonText.Of(model["created_by"])}"),
            ("aliases", string.Join(", ", JsonText.Objects(model["aliases"]).Select(static a => $"{JsonText.Of(a["alias_name"])}={JsonText.Of(a["version_num"])}"))));
    }

    public static void Models(OutputWriter output, IEnumerable<JsonObject> models) =>
        output.Table(
            ["FULL_NAME", "OWNER", "COMMENT"],
            models.Select(static m => (IReadOnlyList<string?>)[JsonText.Of(m["full_name"]), JsonText.Of(m["owner"]), JsonText.Of(m["comment"])]).ToList());

    public static void Versions(OutputWriter output, IEnumerable<JsonObject> versions) =>
        output.Table(
            ["VERSION", "STATUS", "SOURCE", "CREATED", "ALIASES"],
            versions.Select(static v => (IReadOnlyList<string?>)
            [
                JsonText.Of(v["version"]),
                JsonText.Of(v["status"]),
                JsonText.Of(v["source"]),
                JsonText.Time(v["created_at"]),
                string.Join(",", JsonText.Objects(v["aliases"]).Select(static a => JsonText.Of(a["alias_name"]))),
            ]).ToList());
}
