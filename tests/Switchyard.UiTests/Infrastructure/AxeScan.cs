using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Switchyard.UiTests.Infrastructure;

/// <summary>
/// The accessibility scan: axe-core (its script ships inside the Deque package, so nothing is
/// downloaded) run over the page as it stands. Serious and critical violations fail the test with
/// what failed, where and how to fix it; every scan adds one line to TestResults/accessibility.txt
/// (the page, its width and its violations by impact), the figure the issue asks for.
/// </summary>
public static class AxeScan
{
    /// <summary>The impacts that fail a scan; moderate and minor ones are counted in the summary only.</summary>
    public static readonly IReadOnlyList<string> Blocking = ["critical", "serious"];

    private static readonly string[] Impacts = ["critical", "serious", "moderate", "minor"];
    // axe-core's default rules (WCAG 2.0-2.2 A and AA, best practices), plus target size (WCAG 2.2 AA,
    // 2.5.8), which axe ships turned off: small remove buttons and chips are what this UI risks.
    private static readonly AxeRunOptions Options = new()
    {
        Rules = new Dictionary<string, RuleOptions> { ["target-size"] = new() { Enabled = true } },
        // Passes and inapplicable rules are listed without their elements: the details kept are what needs work or a look.
        ResultTypes = [ResultType.Violations, ResultType.Incomplete],
    };

    private static readonly Lock Gate = new();
    private static bool _started;

    /// <summary>Where the summary goes: one line per scanned page, started afresh by each test run.</summary>
    public static string SummaryPath { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "accessibility.txt");

    /// <summary>Where each recorded scan's whole axe answer goes, as &lt;page&gt;-&lt;width&gt;.json: the elements behind each line of the summary.</summary>
    public static string DetailDir { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "axe");

    /// <summary>Scans the page now and fails on any serious or critical violation. <paramref name="name"/> names the page in the summary and the failure.</summary>
    public static async Task AssertCleanAsync(IPage page, string name) => AssertClean(await ScanAsync(page, name));

    /// <summary>
    /// Scans the page now and records it in the summary (unless <paramref name="record"/> is false),
    /// without failing: for a test that scans several states before asserting.
    /// </summary>
    public static async Task<PageScan> ScanAsync(IPage page, string name, bool record = true)
    {
        var result = await page.RunAxe(Options);
        var width = page.ViewportSize?.Width ?? 0;
        var scan = new PageScan(name, width, result.Violations ?? [], result.Incomplete ?? []);
        if (record)
        {
            Record(scan);
            Directory.CreateDirectory(DetailDir);
            await File.WriteAllTextAsync(Path.Combine(DetailDir, $"{name}-{width}.json"), result.ToString());
        }

        return scan;
    }

    /// <summary>Fails with every serious or critical violation of the scans given, listed readably.</summary>
    public static void AssertClean(params PageScan[] scans)
    {
        var report = new StringBuilder();
        foreach (var scan in scans)
        {
            foreach (var violation in scan.Blocking)
            {
                report.Append($"{scan.Name} at {scan.Width} px: {violation.Id} ({violation.Impact}) {violation.Help}. {violation.HelpUrl}\n");
                foreach (var node in violation.Nodes ?? [])
                {
                    report.Append($"    {node.Target}  {Clip(node.Html)}\n");
                }
            }
        }

        if (report.Length > 0)
        {
            Assert.Fail("Serious or critical accessibility violations:\n" + report);
        }
    }

    private static void Record(PageScan scan)
    {
        var counts = string.Join(", ", Impacts.Select(i => $"{i} {scan.Count(i)}"));
        var line = $"{scan.Name}\t{scan.Width}px\t{counts}\t{Rules(scan.Violations)}\t{Rules(scan.NeedsReview)}\n";
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SummaryPath)!);
            if (!_started)
            {
                // One run's figure, not every run's: the first scan of a run starts the file.
                File.WriteAllText(SummaryPath, "page\twidth\tviolations by impact\tviolated rules\tneeds review (axe could not decide)\n");
                _started = true;
            }

            File.AppendAllText(SummaryPath, line);
        }
    }

    private static string Rules(IReadOnlyList<AxeResultItem> items) =>
        items.Count == 0 ? "-" : string.Join(" ", items.Select(v => $"{v.Id}({v.Impact}, {v.Nodes?.Length ?? 0} el.)"));

    private static string Clip(string? html) =>
        html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";
}

/// <summary>One page's scan: its name, width, every violation axe found there and what it could not decide (to be looked at by a person).</summary>
public sealed record PageScan(string Name, int Width, IReadOnlyList<AxeResultItem> Violations, IReadOnlyList<AxeResultItem> NeedsReview)
{
    public IEnumerable<AxeResultItem> Blocking => Violations.Where(v => AxeScan.Blocking.Contains(v.Impact));

    /// <summary>How many violations of <paramref name="impact"/> (a rule counts once, however many elements fail it).</summary>
    public int Count(string impact) => Violations.Count(v => v.Impact == impact);
}
