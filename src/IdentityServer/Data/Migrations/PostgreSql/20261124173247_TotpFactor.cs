using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class TotpFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PendingTotpSecretProtected",
                table: "MfaTickets",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotpLastStep",
                table: "AspNetUsers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "TotpSecretProtected",
                table: "AspNetUsers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PendingTotpSecretProtected",
                table: "MfaTickets");

            migrationBuilder.DropColumn(
                name: "TotpLastStep",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "TotpSecretProtected",
                table: "AspNetUsers");
        }
    }
}
