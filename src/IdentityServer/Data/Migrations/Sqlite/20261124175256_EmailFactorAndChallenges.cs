using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailFactorAndChallenges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChallengeCodeHash",
                table: "MfaTickets",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChallengeExpiresAt",
                table: "MfaTickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChallengeFactor",
                table: "MfaTickets",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Challenges",
                table: "MfaTickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "EmailMfaEnabled",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChallengeCodeHash",
                table: "MfaTickets");

            migrationBuilder.DropColumn(
                name: "ChallengeExpiresAt",
                table: "MfaTickets");

            migrationBuilder.DropColumn(
                name: "ChallengeFactor",
                table: "MfaTickets");

            migrationBuilder.DropColumn(
                name: "Challenges",
                table: "MfaTickets");

            migrationBuilder.DropColumn(
                name: "EmailMfaEnabled",
                table: "AspNetUsers");
        }
    }
}
