namespace Switchyard.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_AnswersOkWithoutCredentials()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var body = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/health"));
        Assert.Equal("ok", (string?)body["status"]);
    }

    [Fact]
    public async Task UnknownRoute_IsJson404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/nothing-here"), 404, "NOT_FOUND");
    }
}
