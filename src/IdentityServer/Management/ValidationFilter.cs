using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace IdentityServer.Management;

/// <summary>
/// Validation declared once per route group (issue 13 point 6): every body argument with an
/// <see cref="IBodyRules{T}"/> is checked before the endpoint runs; a broken rule answers 422
/// with the errors per field, and the endpoint's OpenAPI entry lists that 422.
/// </summary>
internal static class ValidationFilter
{
    private static readonly ConcurrentDictionary<Type, Type> RuleTypes = new();

    public static TBuilder WithValidation<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.Add(builder =>
        {
            if (builder.Metadata.OfType<MethodInfo>().FirstOrDefault() is { } method
                && method.GetParameters().Any(p => HasRules(builder.ApplicationServices, p.ParameterType)))
            {
                builder.Metadata.Add(new ProducesResponseTypeMetadata(422, typeof(HttpValidationProblemDetails), [ApiProblem.ContentType]));
            }
        });
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var checks = factory.MethodInfo.GetParameters()
                .Select((p, i) => (Index: i, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
                .Where(p => HasRules(factory.ApplicationServices, p.Type))
                .ToList();
            if (checks.Count == 0)
            {
                return next;
            }
            return async context =>
            {
                foreach (var (index, type) in checks)
                {
                    // A body left out reaches the rules as null where the endpoint allows that (the rules then say what is required).
                    if (await CheckAsync(context.HttpContext, type, context.Arguments[index]) is { Count: > 0 } errors)
                    {
                        return Problems.Invalid(errors);
                    }
                }
                return await next(context);
            };
        });
        return group;
    }

    private static bool HasRules(IServiceProvider services, Type type) =>
        !type.IsPrimitive && !type.IsByRef && type != typeof(string)
        && services.GetService<IServiceProviderIsService>()?.IsService(RuleType(type)) == true;

    private static Type RuleType(Type body) => RuleTypes.GetOrAdd(body, t => typeof(IBodyRules<>).MakeGenericType(t));

    private static ValueTask<Dictionary<string, string[]>> CheckAsync(HttpContext http, Type type, object? body)
    {
        var rules = http.RequestServices.GetRequiredService(RuleType(type));
        return (ValueTask<Dictionary<string, string[]>>)RuleType(type).GetMethod(nameof(IBodyRules<object>.CheckAsync))!.Invoke(rules, [body, http])!;
    }
}
