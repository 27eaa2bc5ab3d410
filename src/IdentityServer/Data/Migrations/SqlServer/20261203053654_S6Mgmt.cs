using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class S6Mgmt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Ip",
                table: "AuditEvents",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserAgent",
                table: "AuditEvents",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TenantId_Actor_At",
                table: "AuditEvents",
                columns: new[] { "TenantId", "Actor", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_TenantId_Actor_At",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Ip",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "UserAgent",
                table: "AuditEvents");
        }
    }
}
