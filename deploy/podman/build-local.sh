#!/bin/sh
# What was run on a development machine (Debian 12, Debian's podman 4.3.1, no registry, no working
# OCI runtime: crun refuses setrlimit(RLIMIT_NPROC) and cgroups there) to build deploy/Dockerfile
# from a locally made base and start the image's /app once. Run as root from the repository root.
# Not a deployment recipe: a real build pulls mcr.microsoft.com/dotnet/{sdk,aspnet}:10.0.
set -eu
work=$(mktemp -d)

# 1. A base image from this machine's own files: its .NET SDK (/usr/share/dotnet) and the libraries
#    it needs, plus a shell, /tmp and a HOME. Tagged with the names deploy/Dockerfile asks for, so
#    the Dockerfile is built unchanged.
tar -C / -cf "$work/base.tar" --exclude=usr/share/doc --exclude=usr/share/man \
    bin sbin lib lib64 etc/ssl etc/passwd etc/group etc/nsswitch.conf etc/hosts etc/resolv.conf \
    usr/bin/bash usr/bin/sh usr/bin/env usr/bin/ls usr/bin/cat usr/bin/mkdir \
    usr/lib/x86_64-linux-gnu usr/share/ca-certificates usr/share/zoneinfo usr/share/dotnet usr/lib64
podman import --change "ENV APP_UID=1654" --change "ENV PATH=/usr/share/dotnet:/usr/bin:/usr/sbin" \
    --change "ENV DOTNET_ROOT=/usr/share/dotnet" --change "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1" \
    "$work/base.tar" localhost/idp-base:rootfs
cp /usr/bin/dash "$work/dash"
mkdir -p "$work/skel/tmp" "$work/skel/root" "$work/skel/var/tmp"
chmod 1777 "$work/skel/tmp" "$work/skel/var/tmp"
printf 'FROM localhost/idp-base:rootfs\nCOPY dash /usr/bin/dash\nCOPY skel/ /\nENV HOME=/root\n' > "$work/Containerfile"
podman build --pull=never --isolation=chroot -f "$work/Containerfile" -t localhost/idp-base:local "$work"
podman tag localhost/idp-base:local mcr.microsoft.com/dotnet/sdk:10.0
podman tag localhost/idp-base:local mcr.microsoft.com/dotnet/aspnet:10.0

# 2. The image, from a clean export of the commit (no bin/obj of a local build in the context).
#    --isolation=chroot: RUN steps without the OCI runtime; the NuGet cache is mounted (no network).
mkdir "$work/context"
git archive HEAD | tar -x -C "$work/context"
podman build --pull=never --isolation=chroot -v "$HOME/.nuget/packages:/root/.nuget/packages" \
    -f "$work/context/deploy/Dockerfile" -t localhost/identity-platform/server:local "$work/context"

# 3. `podman run` fails here (crun: setrlimit RLIMIT_NPROC not permitted), so the image's file
#    system is started by chroot as the image's user, with Production settings and SQLite.
id=$(podman create localhost/identity-platform/server:local)
root=$(podman mount "$id")
mkdir -p "$root/proc" "$root/dev" "$root/data" && chmod 777 "$root/data"
mount --bind /proc "$root/proc" && mount --bind /dev "$root/dev"
env -i PATH=/usr/share/dotnet:/usr/bin HOME=/tmp ASPNETCORE_URLS=http://127.0.0.1:18089 \
    ASPNETCORE_ENVIRONMENT=Production DataProtection__AllowUnprotectedKeys=true \
    Database__Provider=Sqlite "ConnectionStrings__Identity=Data Source=/data/identity.db" \
    Bootstrap__AdminEmail=admin@example.com Bootstrap__AdminPassword='Smoke-Passw0rd!' \
    Bootstrap__AutomationClientSecret=smoke-automation-secret-0123456789abcdef \
    PublicOrigin__Url=https://id.example.test Sms__AllowOutboxInProduction=true \
    Email__AllowOutboxInProduction=true Sms__Outbox__Path=/data/sms.jsonl Email__Outbox__Path=/data/mail \
    /usr/sbin/chroot --userspec=1654:1654 "$root" /bin/sh -c 'cd /app && exec dotnet IdentityServer.dll' &
server=$!
for _ in $(seq 1 60); do
    curl -sf http://127.0.0.1:18089/health/ready && break
    sleep 1
done
echo
curl -sf http://127.0.0.1:18089/t/platform/.well-known/openid-configuration | head -c 200
echo
curl -sf -X POST http://127.0.0.1:18089/t/platform/connect/token -d grant_type=client_credentials \
    -d client_id=platform-automation -d client_secret=smoke-automation-secret-0123456789abcdef -d scope=idp_admin | head -c 80
echo
kill "$server"
sleep 2
umount "$root/proc" "$root/dev"
podman umount "$id" >/dev/null
podman rm "$id" >/dev/null
rm -rf "$work"
