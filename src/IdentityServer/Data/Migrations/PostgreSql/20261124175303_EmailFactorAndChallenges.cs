using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityServer.Data.Migrations.PostgreSql
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChallengeExpiresAt",
                table: "MfaTickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChallengeFactor",
                table: "MfaTickets",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Challenges",
                table: "MfaTickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "EmailMfaEnabled",
                table: "AspNetUsers",
                type: "boolean",
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
