namespace IdentityServer.Management;

/// <summary>?page=&amp;page_size= of every list; answers {"items": [...], "total": n}.</summary>
public sealed record Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    public static bool TryRead(HttpRequest request, out Paging paging, out string? error)
    {
        paging = new Paging(1, 50);
        error = null;
        var page = request.Query["page"].ToString();
        var size = request.Query["page_size"].ToString();
        var p = 1;
        var s = 50;
        if ((page.Length > 0 && (!int.TryParse(page, out p) || p < 1 || p > 1_000_000))
            || (size.Length > 0 && (!int.TryParse(size, out s) || s < 1 || s > MaxPageSize)))
        {
            error = $"page is a positive number and page_size is between 1 and {MaxPageSize}.";
            return false;
        }
        paging = new Paging(p, s);
        return true;
    }
}

public sealed record Page<T>(IReadOnlyList<T> Items, long Total);
