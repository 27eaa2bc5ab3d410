namespace IdentityServer.Tests.Infrastructure;

/// <summary>The server on its own PostgreSQL database.</summary>
public class PostgreSqlServerFixture : ServerFixture
{
    protected override string Provider => "PostgreSql";
}
