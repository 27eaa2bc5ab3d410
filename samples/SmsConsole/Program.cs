namespace SmsConsole;

/// <summary>
/// Signs a user in by SMS against a tenant of the identity server (docs/QUICKSTART.md, step 5):
/// dotnet run --project samples/SmsConsole -- --phone +14155550199 [--code 123456]
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => SmsSignIn.RunAsync(args, Console.In, Console.Out, null, CancellationToken.None);
}
