using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Switchyard.UiTests.Gateway;
using Switchyard.UiTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Switchyard.UiTests.Accessibility;

/// <summary>
/// The main flow by keyboard alone: sign in, find and open an endpoint, open Edit configuration,
/// move traffic with the arrow keys and save. Every control reached shows a focus ring that stands
/// out (an outline of 2 px or more with 3:1 contrast against white, or a box shadow).
/// </summary>
[Collection(UiCollection.Name)]
public sealed class KeyboardTests(UiFixture ui)
{
    private const string Endpoint = "a11y-keyboard";
    private const int MaxTabs = 60;

    [Fact]
    public async Task MainFlow_ByKeyboardAlone_WithVisibleFocusOnEveryControl()
    {
        await GatewayEndpoints.CreateSplitAsync(ui.Server, Endpoint);
        var page = await ui.NewPageAsync();
        var reached = new List<string>();
        await page.GotoAsync("/ui/");

        // Sign in: Tab to the token field, type it, Enter submits.
        await TabToAsync(page, "input[name='token']", reached);
        await page.Keyboard.TypeAsync(ServerUnderTest.AdminToken);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Serving endpoints" })).ToBeFocusedAsync();

        // The list: filter by name, Tab on to the endpoint's link, Enter opens it.
        await TabToAsync(page, "input[name='search']", reached);
        await page.Keyboard.TypeAsync(Endpoint);
        await TabToAsync(page, $"a[href='#/endpoints/{Endpoint}']", reached);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Endpoint, Exact = true })).ToBeFocusedAsync();

        await TabToAsync(page, $"a[href='#/endpoints/{Endpoint}/edit']", reached);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Edit configuration: {Endpoint}" })).ToBeFocusedAsync();

        // 50/50 becomes 60/40 with the arrow keys; the running total follows.
        await TabToAsync(page, "input[name='traffic_config.routes[0].traffic_percentage']", reached);
        await PressTimesAsync(page, "ArrowUp", 10);
        await Expect(page.GetByTestId("split-total")).ToHaveTextAsync("Traffic total: 110%. The traffic split must add up to 100%.");
        await TabToAsync(page, "input[name='traffic_config.routes[1].traffic_percentage']", reached);
        await PressTimesAsync(page, "ArrowDown", 10);
        await Expect(page.GetByTestId("split-total")).ToHaveTextAsync("Traffic total: 100%");

        // Tab on to Save, Shift+Tab steps back to the control before it and Tab returns: the order runs both ways.
        await TabToAsync(page, "button[type='submit']", reached);
        await page.Keyboard.PressAsync("Shift+Tab");
        await AssertFocusVisibleAsync(page, reached);
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement.matches(\"button[type='submit']\")"));
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save configuration" })).ToBeFocusedAsync();
        await UiFixture.ScreenshotAsync(page, "a11y-keyboard-save-focused-1280");
        await page.Keyboard.PressAsync(" ");

        await Expect(page.GetByTestId("current-config").GetByTestId("split-bar"))
            .ToHaveAttributeAsync("aria-label", "Traffic split: champion 60%, challenger 40%", new() { Timeout = 60_000 });
        var routes = (await ui.Server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}"))["config"]!["traffic_config"]!["routes"]!.AsArray();
        Assert.Equal([60, 40], routes.Select(r => (int)r!["traffic_percentage"]!));
        Assert.True(reached.Count >= 10, "The walk reached too few controls to mean anything: " + string.Join(", ", reached));
        await page.Context.CloseAsync();
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has focus, checking the focus ring of each control passed on the way.</summary>
    private static async Task TabToAsync(IPage page, string selector, List<string> reached)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisibleAsync(page, reached);
            if (await page.EvaluateAsync<bool>("(s) => document.activeElement.matches(s)", selector))
            {
                return;
            }
        }

        Assert.Fail($"{selector} was not reached in {MaxTabs} presses of Tab; reached: {string.Join(", ", reached.TakeLast(10))}");
    }

    private static async Task PressTimesAsync(IPage page, string key, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await page.Keyboard.PressAsync(key);
        }
    }

    /// <summary>The focused element shows a ring: an outline of 2 px or more whose colour has 3:1 contrast with white, or a box shadow.</summary>
    private static async Task AssertFocusVisibleAsync(IPage page, List<string> reached)
    {
        var focus = await page.EvaluateAsync<JsonElement>("""
            () => {
              const el = document.activeElement;
              const style = getComputedStyle(el);
              return {
                what: `${el.tagName.toLowerCase()} ${el.getAttribute('name') || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30)}`,
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, shadow: style.boxShadow,
              };
            }
            """);
        var what = focus.GetProperty("what").GetString()!;
        Assert.NotEqual("body ", what[..Math.Min(5, what.Length)]);
        reached.Add(what);
        var outlined = focus.GetProperty("outline").GetString() != "none" && focus.GetProperty("width").GetDouble() >= 2
            && ContrastWithWhite(focus.GetProperty("color").GetString()!) >= 3;
        var shadowed = focus.GetProperty("shadow").GetString() != "none";
        Assert.True(outlined || shadowed, $"No visible focus ring on {what}: {focus}");
    }

    /// <summary>The WCAG contrast ratio of a computed rgb()/rgba() colour against white.</summary>
    private static double ContrastWithWhite(string color)
    {
        var channels = Regex.Matches(color, @"[\d.]+").Take(3)
            .Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture) / 255)
            .Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4))
            .ToArray();
        var luminance = (0.2126 * channels[0]) + (0.7152 * channels[1]) + (0.0722 * channels[2]);
        return 1.05 / (luminance + 0.05);
    }
}
