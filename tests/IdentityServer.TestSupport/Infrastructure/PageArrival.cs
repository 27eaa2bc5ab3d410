using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>
/// Waits for a navigation to reach a page whose document is parsed (DOMContentLoaded). Playwright's
/// default, the load event, also waits for every image, stylesheet and favicon, which under a loaded
/// CI machine took past the 30 s timeout now and then; what the tests read and click next is in the
/// document, and Playwright's actions wait for their elements themselves.
/// </summary>
public static class PageArrival
{
    private static PageWaitForURLOptions Parsed => new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    public static Task ArrivedAtAsync(this IPage page, string glob) => page.WaitForURLAsync(glob, Parsed);

    public static Task ArrivedAtAsync(this IPage page, Regex url) => page.WaitForURLAsync(url, Parsed);

    public static Task ArrivedAtAsync(this IPage page, Func<string, bool> url) => page.WaitForURLAsync(url, Parsed);
}
