using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SmsSendCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OneTimeCodes_TenantId_ClientIpHash_CreatedAt",
                table: "OneTimeCodes");

            migrationBuilder.DropIndex(
                name: "IX_OneTimeCodes_TenantId_CreatedAt",
                table: "OneTimeCodes");

            migrationBuilder.CreateTable(
                name: "SmsSendCounters",
                columns: table => new
                {
                    TenantId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Bucket = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SmsSendCounters", x => new { x.TenantId, x.Key, x.Bucket });
                    table.ForeignKey(
                        name: "FK_SmsSendCounters_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SmsSendCounters_Bucket",
                table: "SmsSendCounters",
                column: "Bucket");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SmsSendCounters");

            migrationBuilder.CreateIndex(
                name: "IX_OneTimeCodes_TenantId_ClientIpHash_CreatedAt",
                table: "OneTimeCodes",
                columns: new[] { "TenantId", "ClientIpHash", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OneTimeCodes_TenantId_CreatedAt",
                table: "OneTimeCodes",
                columns: new[] { "TenantId", "CreatedAt" });
        }
    }
}
