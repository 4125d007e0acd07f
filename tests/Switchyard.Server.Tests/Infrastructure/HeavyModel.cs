using System.Globalization;
using System.Text;
using Switchyard.SampleModels;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>
/// A large MLP (tens of MB of weights, milliseconds per call) for tests that need a model slow to
/// load and to score: an update that stays IN_PROGRESS for a while, a queue that fills up.
/// </summary>
public static class HeavyModel
{
    public const int Inputs = 1024;

    public static async Task<int> RegisterAsync(ServerUnderTest server, string modelName)
    {
        var folder = Path.Combine(server.DataDir + "-samples", modelName);
        SampleModelLibrary.WriteMlp(folder, Inputs, hidden: 8192, outputs: 16, seed: 7);
        return await MissionScenario.RegisterAsync(server, modelName, folder);
    }

    public static string QueryBody()
    {
        var body = new StringBuilder("{\"inputs\": [[");
        for (var i = 0; i < Inputs; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(((i % 7) / 7.0).ToString("F3", CultureInfo.InvariantCulture));
        }

        return body.Append("]]}").ToString();
    }
}
