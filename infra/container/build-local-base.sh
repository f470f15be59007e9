#!/usr/bin/env bash
# Makes the two base images without any container registry: a Debian root file system from Debian's
# own mirror (debootstrap), plus the .NET SDK installed on this machine (for the build stage) or only
# its shared runtimes (ASP.NET Core + .NET, for the runtime stage). Then builds Pool's image from
# infra/container/Dockerfile with those bases. Needs root (debootstrap), a Docker engine, and the
# .NET SDK named by global.json on this machine.
# Usage: sudo infra/container/build-local-base.sh [image tag, default pool:local]
#        sudo infra/container/build-local-base.sh --rootfs-only <dir>   make the two root file systems in
#             <dir>/runtime and <dir>/sdk and stop (no Docker engine needed: what can be proven here)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rootfs_only=""
if [ "${1:-}" = "--rootfs-only" ]; then
  rootfs_only="${2:?folder for the root file systems}"
  shift 2
fi
tag="${1:-pool:local}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
dotnet_root="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
if [ -n "$rootfs_only" ]; then
  mkdir -p "$rootfs_only"
  work="$(cd "$rootfs_only" && pwd)"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/pool-base.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

# Libraries the .NET runtime needs on Debian (the same list as Microsoft's runtime-deps image).
packages="ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g"

debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" "$mirror"
# The runtime user of Microsoft's images, so the Dockerfile's USER 1654 means the same thing.
chroot "$work/rootfs" groupadd --gid 1654 app
chroot "$work/rootfs" useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*

runtime="$work/runtime"
cp -a "$work/rootfs" "$runtime"
mkdir -p "$runtime/usr/share/dotnet/shared"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$runtime/usr/share/dotnet/"
cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$runtime/usr/share/dotnet/shared/"
ln -s /usr/share/dotnet/dotnet "$runtime/usr/bin/dotnet"

sdk="$work/sdk"
mv "$work/rootfs" "$sdk"
mkdir -p "$sdk/usr/share/dotnet"
cp -a "$dotnet_root/." "$sdk/usr/share/dotnet/"
ln -s /usr/share/dotnet/dotnet "$sdk/usr/bin/dotnet"

if [ -n "$rootfs_only" ]; then
  # The runtime tree can already run .NET: prove it without a container engine.
  chroot "$runtime" /usr/bin/dotnet --list-runtimes
  echo "root file systems in $work/runtime and $work/sdk (no image made: --rootfs-only)"
  exit 0
fi

tar -C "$runtime" -c . | docker import --change 'ENV DOTNET_ROOT=/usr/share/dotnet' - pool-local/aspnet:10.0
tar -C "$sdk" -c . | docker import --change 'ENV DOTNET_ROOT=/usr/share/dotnet' - pool-local/sdk:10.0

# No network here beyond Debian's mirror and NuGet: the RDS CA bundle (AWS's trust store) is skipped.
echo "note: building without the RDS CA bundle (RDS_CA_BUNDLE_URL=none): this image cannot use SSL Mode=VerifyFull against RDS"
docker build -f "$repo/infra/container/Dockerfile" \
  --build-arg SDK_IMAGE=pool-local/sdk:10.0 --build-arg RUNTIME_IMAGE=pool-local/aspnet:10.0 \
  --build-arg RDS_CA_BUNDLE_URL=none \
  -t "$tag" "$repo"
echo "built $tag from locally made Debian bases (without the RDS CA bundle)"
