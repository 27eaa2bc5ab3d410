using Microsoft.Extensions.Options;

namespace IdentityServer.Tests.Infrastructure;

/// <summary>Reads a refused start: every message of the exception, its options failures and its inner exceptions.</summary>
public static class StartupFailure
{
    /// <summary>Runs <paramref name="start"/>, expects it to fail, and returns every message of the failure (one a line).</summary>
    public static string Of(Action start, string because = "the server started; it should have refused these settings")
    {
        var error = Record.Exception(start);
        Assert.True(error is not null, because);
        return string.Join(Environment.NewLine, Messages(error));
    }

    public static IEnumerable<string> Messages(Exception error)
    {
        yield return $"{error.GetType().Name}: {error.Message}";
        if (error is OptionsValidationException options)
        {
            foreach (var failure in options.Failures)
            {
                yield return failure;
            }
        }
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(error.InnerException is { } i ? [i] : []);
        foreach (var message in inner.SelectMany(Messages))
        {
            yield return message;
        }
    }
}
