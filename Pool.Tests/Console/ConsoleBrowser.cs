using Microsoft.Playwright;

namespace Pool.Tests.Console;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver. Playwright's own browser download is not
/// reachable here, so the browser is the installed executable (./test.sh installs it when missing).
/// </summary>
internal static class ConsoleBrowser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"{ExecutablePath} is missing: run ./test.sh (it installs Debian's chromium) or apt-get install chromium.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// Where the tests write their screenshots: the test output folder, or the repository's docs/console/
    /// (the pictures docs/console.md shows) when <c>POOL_CONSOLE_SCREENSHOTS=docs</c>, so an ordinary test run
    /// leaves the working tree as it found it.
    /// </summary>
    public static string ScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("POOL_CONSOLE_SCREENSHOTS") != "docs")
        {
            var output = Path.Combine(TestContext.CurrentContext.TestDirectory, "console-screenshots");
            Directory.CreateDirectory(output);
            return output;
        }

        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pool.sln")))
        {
            directory = directory.Parent;
        }

        var target = directory is null
            ? Path.Combine(TestContext.CurrentContext.TestDirectory, "console-screenshots")
            : Path.Combine(directory.FullName, "docs", "console");
        Directory.CreateDirectory(target);
        return target;
    }
}
