using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class S6Keys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ActivatesAt",
                table: "StoredKeys",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "Algorithm",
                table: "StoredKeys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Generation",
                table: "StoredKeys",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetiresAt",
                table: "StoredKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevokedAt",
                table: "StoredKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "StoredKeys",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StoredKeys_TenantId_Use_Algorithm_Generation",
                table: "StoredKeys",
                columns: new[] { "TenantId", "Use", "Algorithm", "Generation" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OneTimeCodes_ExpiresAt",
                table: "OneTimeCodes",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropIndex(
                name: "IX_StoredKeys_TenantId_Use_Algorithm_Generation",
                table: "StoredKeys");

            migrationBuilder.DropIndex(
                name: "IX_OneTimeCodes_ExpiresAt",
                table: "OneTimeCodes");

            migrationBuilder.DropColumn(
                name: "ActivatesAt",
                table: "StoredKeys");

            migrationBuilder.DropColumn(
                name: "Algorithm",
                table: "StoredKeys");

            migrationBuilder.DropColumn(
                name: "Generation",
                table: "StoredKeys");

            migrationBuilder.DropColumn(
                name: "RetiresAt",
                table: "StoredKeys");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "StoredKeys");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "StoredKeys");
        }
    }
}
