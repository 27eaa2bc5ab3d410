using Microsoft.AspNetCore.Mvc;

namespace IdentityServer.Management;

/// <summary>?page=&amp;page_size= of every list; answers {"items": [...], "total": n}.</summary>
internal sealed record Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    public static readonly string Error = $"page is a whole number from 1 and page_size a whole number from 1 to {MaxPageSize}.";

    /// <summary>The page asked for, or null when either value is not a number in range.</summary>
    public static Paging? Read(string? page, string? pageSize)
    {
        var p = 1;
        var s = 50;
        if ((!string.IsNullOrEmpty(page) && (!int.TryParse(page, out p) || p < 1 || p > 1_000_000))
            || (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, out s) || s < 1 || s > MaxPageSize)))
        {
            return null;
        }
        return new Paging(p, s);
    }
}

/// <summary>The paging parameters of a list (read as text: a bad value is a 400 that names it).</summary>
internal sealed record PageQuery(
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "page_size")] string? PageSize)
{
    public Paging? Paging() => Management.Paging.Read(Page, PageSize);
}

/// <summary>GET users: paging and a search over email, phone and names.</summary>
internal sealed record UserQuery(
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "page_size")] string? PageSize,
    [FromQuery(Name = "search")] string? Search,
    [FromQuery(Name = "q")] string? Q)
{
    public Paging? Paging() => Management.Paging.Read(Page, PageSize);
}

internal sealed record Page<T>(IReadOnlyList<T> Items, long Total);
