using Switchyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Switchyard.Core.Runtimes;

namespace Switchyard.UiTests.Infrastructure;

/// <summary>
/// One server (samples registered) and one headless Chromium shared by the browser tests; each
/// test opens its own context, so sessions (sessionStorage tokens) never leak between tests.
/// </summary>
public sealed class UiFixture : IAsyncLifetime
{
    // Flags that keep Chromium quiet on a machine with a closed network; --no-sandbox because CI runs as root.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServerUnderTest? _server;

    /// <summary>Serves catalog.schema.held, whose loading waits for the test.</summary>
    public GatedRuntime Held { get; } = new();

    public ServerUnderTest Server => _server ?? throw new InvalidOperationException("The fixture did not start.");

    /// <summary>Where each page's screenshot is kept: TestResults/screenshots under the test output folder.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        // Locate the browser first so a missing chromium fails with its own message.
        var chromium = ChromiumLocator.Find();
        // Playwright's assertions wait 5 s by default. On the 2-core CI machine a step of the server and
        // the browser's work behind one assertion has run past that (a 412 alert after a rollback), so
        // they wait up to 15 s; an assertion that holds passes as soon as it holds, as before.
        Assertions.SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(ScreenshotDir);
        _server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(Held));
        await _server.RegisterSampleModelsAsync();
        await _server.RegisterModelVersionAsync("catalog.schema.held", GatedRuntime.WriteModel(Path.Combine(_server.DataDir, "test-sources", "held"), RepoPaths.SampleModel("model-b")));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh page of the given width, at the UI's address (of <paramref name="server"/> when given, else the shared one).</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, ServerUnderTest? server = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (server ?? Server).BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens the UI and signs in with <paramref name="token"/> through the sign-in form.</summary>
    public async Task<IPage> SignedInPageAsync(string token, int width = 1280, ServerUnderTest? server = null)
    {
        var page = await NewPageAsync(width, server: server);
        await page.GotoAsync("/ui/");
        await page.GetByLabel("Personal access token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Serving endpoints" })).ToBeVisibleAsync();
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>All browser tests share one server and browser.</summary>
[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiFixture>
{
    public const string Name = "ui";
}
