using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>Steps of the admin app in Chromium: sign in on the tenant's hosted page, screenshots for the README.</summary>
internal static class AdminBrowser
{
    /// <summary>Opens an admin page; the browser goes to the tenant's sign-in page and, once signed in, comes back.</summary>
    public static async Task SignInAsync(IPage page, Uri adminPage, string email, string password)
    {
        await page.GotoAsync(adminPage.ToString());
        await page.ArrivedAtAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        // Back through the form_post to the admin app. Waiting for that page's load event has stalled for 60 s on a
        // busy machine (the network idle, the event never reported): the navigation's commit is enough, and the
        // steps that follow wait for their own elements.
        await page.WaitForURLAsync(url => url.StartsWith(adminPage.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            && !url.Contains("signin-oidc", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("body").WaitForAsync();
    }

    /// <summary>
    /// Saves a screenshot: into docs/screenshots when UPDATE_SCREENSHOTS=1 (to refresh the README's
    /// pictures), otherwise into a temp folder, so a test run leaves the checkout unchanged.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Repository.Root, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "idp-screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Fails when an action (button, button-styled link, menu link) lies outside the viewport's width, when the page
    /// scrolls sideways, or when a table is wider than its box (a column cut off behind a scroller).
    /// </summary>
    public static async Task AssertUsableAsync(IPage page, string what)
    {
        var problems = await page.EvaluateAsync<string[]>(@"() => {
            const width = document.documentElement.clientWidth;
            const problems = [];
            for (const el of document.querySelectorAll('button, a.button, input[type=submit], header nav a')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 && r.height === 0) continue;
                if (r.left < -0.5 || r.right > width + 0.5)
                    problems.push('action outside the viewport: ' + (el.id || el.textContent.trim()) + ' at ' + Math.round(r.left) + '-' + Math.round(r.right) + ' of ' + width);
            }
            if (document.documentElement.scrollWidth > width + 1)
                problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
            for (const box of document.querySelectorAll('.table')) {
                if (box.scrollWidth > box.clientWidth + 1)
                    problems.push('a table is cut off: ' + box.scrollWidth + ' > ' + box.clientWidth);
            }
            return problems;
        }");
        Assert.True(problems.Length == 0, what + ": " + string.Join("; ", problems));
    }
}
