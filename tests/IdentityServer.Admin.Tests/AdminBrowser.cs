using Microsoft.Playwright;

namespace IdentityServer.Admin.Tests;

/// <summary>Steps of the admin app in Chromium: sign in on the tenant's hosted page, screenshots for the README.</summary>
internal static class AdminBrowser
{
    /// <summary>Opens an admin page; the browser goes to the tenant's sign-in page and, once signed in, comes back.</summary>
    public static async Task SignInAsync(IPage page, Uri adminPage, string email, string password)
    {
        await page.GotoAsync(adminPage.ToString());
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.StartsWith(adminPage.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            && !url.Contains("signin-oidc", StringComparison.Ordinal));
    }

    /// <summary>
    /// Saves a screenshot: into docs/screenshots when UPDATE_SCREENSHOTS=1 (to refresh the README's
    /// pictures), otherwise into a temp folder, so a test run leaves the checkout unchanged.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "idp-screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IdentityPlatform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("IdentityPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
