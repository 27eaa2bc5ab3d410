namespace IdentityServer.Admin.Management;

/// <summary>A page of a list: {"items": [...], "total": n}.</summary>
public sealed record PageOf<T>(List<T> Items, long Total);
