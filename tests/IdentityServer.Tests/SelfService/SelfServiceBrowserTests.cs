using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Tests.SelfService;

/// <summary>The self-service pages in Chromium, on a phone (390 px) and a laptop (1280 px).</summary>
[Collection(BrowserCollection.Name)]
public sealed class SelfServiceBrowserTests(SelfServiceFixture server) : BrowserTest, IClassFixture<SelfServiceFixture>
{
    private async Task<IPage> PageAsync(int width)
    {
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(width, width < 500 ? 844 : 800);
        return page;
    }

    private Uri At(string path) => new(server.BaseAddress, path);

    /// <summary>The element is on screen horizontally: nothing to scroll sideways to reach it.</summary>
    private static async Task AssertInsideAsync(IPage page, string selector, int width)
    {
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{selector} at {box.X}+{box.Width} outside {width} px");
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task ForgotPassword_EmailedLink_NewPassword_SignsIn_AndTheLinkWorksOnce(int width)
    {
        var tenant = await server.NewTenantAsync();
        var email = server.NewEmail("forgot");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        var page = await PageAsync(width);

        await page.GotoAsync(At($"/t/{tenant}/account/login").ToString());
        await page.ClickAsync("#forgot-password");
        await page.ArrivedAtAsync("**/account/forgot-password**");
        await page.FillAsync("input[name=Email]", email);
        await AssertInsideAsync(page, "button[type=submit]", width);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains(email, await page.InnerTextAsync("#sent"));

        var link = server.LinkIn(email, "/account/reset-password");
        await page.GotoAsync(At(link).ToString());
        await page.FillAsync("input[name=NewPassword]", "Chosen-Passw0rd!");
        await page.FillAsync("input[name=ConfirmPassword]", "Chosen-Passw0rd!");
        await AssertInsideAsync(page, "button[type=submit]", width);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Your password is changed", await page.InnerTextAsync("#done"));

        await page.ClickAsync("#sign-in");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", "Chosen-Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/signed-in**");

        await page.GotoAsync(At(link).ToString());
        Assert.True(await page.IsVisibleAsync("#invalid"));
        Assert.False(await page.IsVisibleAsync("input[name=NewPassword]"));
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task Register_ConfirmByTheLink_ThenSignIn(int width)
    {
        var tenant = await server.NewTenantAsync(registration: true);
        var email = server.NewEmail("register");
        var page = await PageAsync(width);

        await page.GotoAsync(At($"/t/{tenant}/account/login").ToString());
        await page.ClickAsync("#register");
        await page.ArrivedAtAsync("**/account/register**");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", SelfServiceFixture.Password);
        await AssertInsideAsync(page, "button[type=submit]", width);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains(email, await page.InnerTextAsync("#sent"));

        // Before the link: the password is right, the address not confirmed yet.
        await page.ClickAsync("#sign-in");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", SelfServiceFixture.Password);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Confirm your email address first", await page.InnerTextAsync("p.error"));

        await page.GotoAsync(At(server.LinkIn(email, "/account/verify-email")).ToString());
        Assert.Contains(email, await page.InnerTextAsync("#confirmed"));
        await page.ClickAsync("#sign-in");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", SelfServiceFixture.Password);
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/signed-in**");
    }
}
