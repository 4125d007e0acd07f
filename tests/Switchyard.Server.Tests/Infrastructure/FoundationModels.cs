using Switchyard.SampleModels.Gguf;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>
/// The mission's provisioned-throughput models, registered from the project's tiny GGUF files under
/// the names and versions the mission uses (earlier versions are registered first to reach them).
/// </summary>
public static class FoundationModels
{
    public const string Mistral = "system.ai.mistral_7b_instruct_v0_1";
    public const string Mixtral = "system.ai.mixtral_8x7b_instruct_v0_1";

    /// <summary>The mission's create body, exactly as the document writes it.</summary>
    public const string MultiPtModelBody = """
        {
          "name": "multi-pt-model",
          "config": {
            "served_entities": [
              {"name": "mistral_7b_instruct_v0_1-2", "entity_name": "system.ai.mistral_7b_instruct_v0_1",
               "entity_version": "2", "min_provisioned_throughput": 0, "max_provisioned_throughput": 1940},
              {"name": "mixtral_8x7b_instruct_v0_1-3", "entity_name": "system.ai.mixtral_8x7b_instruct_v0_1",
               "entity_version": "3", "min_provisioned_throughput": 0, "max_provisioned_throughput": 1240}
            ],
            "traffic_config": {"routes": [
              {"served_model_name": "mistral_7b_instruct_v0_1-2", "traffic_percentage": "60"},
              {"served_model_name": "mixtral_8x7b_instruct_v0_1-3", "traffic_percentage": "40"}
            ]}
          }
        }
        """;

    /// <summary>Registers Mistral up to version 2 (dense) and Mixtral up to version 3 (MoE) from files in <paramref name="folder"/>.</summary>
    public static async Task RegisterMissionModelsAsync(ServerUnderTest server, string folder)
    {
        var dense = Path.Combine(folder, "tiny-llama.gguf");
        var moe = Path.Combine(folder, "tiny-mixtral.gguf");
        TinyLlamaModels.WriteDense(dense, seed: 1);
        TinyLlamaModels.WriteMoe(moe, seed: 2);
        await RegisterAsync(server, Mistral, dense, 2);
        await RegisterAsync(server, Mixtral, moe, 3);
    }

    /// <summary>Writes the tiny dense GGUF into <paramref name="folder"/> and registers it as version 1 of <c>system.ai.tiny</c>.</summary>
    public static async Task RegisterTinyAsync(ServerUnderTest server, string folder)
    {
        var path = Path.Combine(folder, "tiny.gguf");
        TinyLlamaModels.WriteDense(path, seed: 1);
        await RegisterAsync(server, "system.ai.tiny", path, 1);
    }

    /// <summary>Creates the model if needed and registers <paramref name="path"/> until it has <paramref name="versions"/> versions.</summary>
    public static async Task RegisterAsync(ServerUnderTest server, string fullName, string path, int versions)
    {
        for (var i = 0; i < versions; i++)
        {
            await server.RegisterModelVersionAsync(fullName, path);
        }
    }
}
