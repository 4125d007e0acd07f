using Switchyard.UiTests.Infrastructure;

namespace Switchyard.UiTests.Accessibility;

/// <summary>The scan helper itself: it fails on a page with known faults, naming them, and passes a clean one.</summary>
[Collection(UiCollection.Name)]
public sealed class AxeScanTests(UiFixture ui)
{
    [Fact]
    public async Task PageWithKnownFaults_FailsListingEachRuleWhereAndHow()
    {
        var page = await ui.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><head><title>Faults</title></head><body><main>
            <h1>Faults</h1>
            <input id="unlabelled" type="text">
            <p id="faint" style="color:#c8c8c8;background:#fff">Faint text</p>
            <button id="nameless" type="button"></button>
            </main></body></html>
            """);

        var scan = await AxeScan.ScanAsync(page, "self-check-faults", record: false);
        var failure = Assert.ThrowsAny<Exception>(() => AxeScan.AssertClean(scan));
        await page.Context.CloseAsync();

        Assert.Contains("self-check-faults at 1280 px: label (critical) Form elements must have labels", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#unlabelled", failure.Message, StringComparison.Ordinal);
        Assert.Contains("color-contrast (serious)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#faint", failure.Message, StringComparison.Ordinal);
        Assert.Contains("button-name (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#nameless", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/rules/axe/", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanPage_Passes()
    {
        var page = await ui.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><head><title>Clean</title></head><body><main>
            <h1>Clean</h1><label for="name">Name</label><input id="name" type="text"><button type="button">Save</button>
            </main></body></html>
            """);

        var scan = await AxeScan.ScanAsync(page, "self-check-clean", record: false);
        await page.Context.CloseAsync();

        Assert.Empty(scan.Violations);
        AxeScan.AssertClean(scan);
    }
}
