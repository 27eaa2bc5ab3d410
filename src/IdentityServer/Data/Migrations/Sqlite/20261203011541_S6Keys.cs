using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class S6Keys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ActivatesAt",
                table: "StoredKeys",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Algorithm",
                table: "StoredKeys",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Generation",
                table: "StoredKeys",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "RetiresAt",
                table: "StoredKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "StoredKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "StoredKeys",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
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
