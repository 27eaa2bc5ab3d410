using IdentityServer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityServer.Tests.SelfService;

/// <summary>
/// The security page's password and email sections in Chromium: an SMS-only user adds and confirms an email,
/// sets a password, then removes the phone (U3 allows it now); a password user changes the password.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityAccountBrowserTests(SelfServiceFixture server) : BrowserTest, IClassFixture<SelfServiceFixture>
{
    private Uri At(string path) => new(server.BaseAddress, path);

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
    }

    [Fact]
    public async Task AnSmsOnlyUser_AddsAnEmail_SetsAPassword_AndThenMayRemoveThePhone()
    {
        var tenant = await server.NewTenantAsync(change: s =>
        {
            s["sign_in"]!["sms"]!["enabled"] = true;
            s["sign_in"]!["sms"]!["sign_up"] = true;
            s["sign_in"]!["sms"]!["require_second_factor"] = false;
        });
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);

        // Signed up by SMS: a phone and nothing else.
        await page.GotoAsync(At($"/t/{tenant}/account/sms?ReturnUrl=" + Uri.EscapeDataString($"/t/{tenant}/account/security")).ToString());
        await page.FillAsync("input[name=PhoneNumber]", "+1 415 555 6301");
        await page.ClickAsync("button[type=submit]");
        await page.ArrivedAtAsync("**/account/sms/code**");
        await page.FillAsync("input[name=Code]", SmsOutbox.LastCode(server.Factory, "+14155556301"));
        await page.ClickAsync("form[action*=Verify] button[type=submit]");
        await page.ArrivedAtAsync("**/account/security");
        // U3: the phone is this user's only way in.
        Assert.True(await page.IsVisibleAsync("#remove-phone-refused"));
        Assert.Contains("No password", await page.InnerTextAsync("#password-status"));

        var email = server.NewEmail("smsonly");
        await page.FillAsync("input[name=NewEmail]", email);
        await page.ClickAsync("#add-email");
        Assert.Contains(email, await page.InnerTextAsync("p.success"));
        await page.GotoAsync(At(server.LinkIn(email, "/account/verify-email")).ToString());
        Assert.Contains(email, await page.InnerTextAsync("#confirmed"));

        await page.GotoAsync(At($"/t/{tenant}/account/security").ToString());
        Assert.Contains(email + " (verified)", await page.InnerTextAsync("#email-address"));
        await page.FillAsync("input[name=NewPassword]", "Sms-Then-Passw0rd!");
        await page.FillAsync("input[name=ConfirmPassword]", "Sms-Then-Passw0rd!");
        await page.ClickAsync("#change-password");
        Assert.Contains("Your password is changed", await page.InnerTextAsync("p.success"));

        // Now a password is a way in: the phone may go.
        await page.CheckAsync("#confirm-remove-phone");
        await page.ClickAsync("#remove-phone");
        Assert.Contains("Phone removed", await page.InnerTextAsync("p.success"));

        var other = await NewPageAsync();
        await other.GotoAsync(At($"/t/{tenant}/account/login").ToString());
        await SignInAsync(other, email, "Sms-Then-Passw0rd!");
        await other.ArrivedAtAsync("**/account/signed-in**");
        var actions = (await server.Api.CallOkAsync(HttpMethod.Get, $"/tenants/{tenant}/audit?page_size=100"))["items"]!.AsArray()
            .Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("user.email_added", actions);
        Assert.Contains("user.password_changed", actions);
        Assert.Contains("phone.removed", actions);
    }

    [Fact]
    public async Task APasswordUser_ChangesThePassword_OnlyWithTheCurrentOne()
    {
        var tenant = await server.NewTenantAsync();
        var email = server.NewEmail("change");
        await server.Api.CreateUserAsync(tenant, email, SelfServiceFixture.Password);
        var page = await NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(At($"/t/{tenant}/account/security").ToString());
        await SignInAsync(page, email, SelfServiceFixture.Password);
        await page.WaitForSelectorAsync("#change-password");

        await page.FillAsync("input[name=CurrentPassword]", "Not-The-Passw0rd!");
        await page.FillAsync("input[name=NewPassword]", "Changed-Passw0rd!");
        await page.FillAsync("input[name=ConfirmPassword]", "Changed-Passw0rd!");
        await page.ClickAsync("#change-password");
        Assert.Contains("current password is not right", await page.InnerTextAsync("p.error"));

        await page.FillAsync("input[name=CurrentPassword]", SelfServiceFixture.Password);
        await page.FillAsync("input[name=NewPassword]", "Changed-Passw0rd!");
        await page.FillAsync("input[name=ConfirmPassword]", "Changed-Passw0rd!");
        await page.ClickAsync("#change-password");
        Assert.Contains("Your password is changed", await page.InnerTextAsync("p.success"));

        var other = await NewPageAsync();
        await other.GotoAsync(At($"/t/{tenant}/account/login").ToString());
        await SignInAsync(other, email, SelfServiceFixture.Password);
        Assert.Contains("not right", await other.InnerTextAsync("p.error"));
        await SignInAsync(other, email, "Changed-Passw0rd!");
        await other.ArrivedAtAsync("**/account/signed-in**");
    }
}
