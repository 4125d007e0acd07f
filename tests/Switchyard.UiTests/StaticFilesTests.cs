using System.Net;
using Switchyard.UiTests.Infrastructure;

namespace Switchyard.UiTests;

/// <summary>The UI's files are open; the API behind them still wants a token.</summary>
[Collection(UiCollection.Name)]
public sealed class StaticFilesTests(UiFixture ui)
{
    [Fact]
    public async Task UiFiles_AnswerWithoutToken_RootRedirects_ApiStillRefuses()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = ui.Server.BaseAddress };

        var root = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/ui/", root.Headers.Location?.OriginalString);

        var index = await anonymous.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("js/main.js", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ui/js/api.js")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/2.0/serving-endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/", null)).StatusCode);
    }
}
