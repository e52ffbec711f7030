#!/usr/bin/env bash
# Builds carbonq's container image without pulling anything: a Java runtime jlink'd from the build's
# JDK, the shared libraries it and /bin/sh need copied from this Debian system (each listed with its
# package in the image), carbonq's jar, and a non-root user. No base image, no registry.
#
#   scheduler/container/build-image.sh [IMAGE]      # default carbonq:VERSION, and carbonq:latest
#
# Needs podman (Debian's package), a JDK 17 with jmods (openjdk-17-jdk-headless) and a built jar
# (./carbonq version builds one). Tags the image as the Helm chart names it too
# (ghcr.io/carbonq/carbonq:APP_VERSION) and saves that to scheduler/target/image/carbonq-image.tar,
# for `kind load image-archive` or `podman load`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/scheduler/target/carbonq-all.jar"
out="$repo/scheduler/target/image"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$repo/pom.xml" | head -1)"
image="${1:-carbonq:$version}"
# The name and tag the Helm chart pulls by default, so `helm install` finds what this built.
chart_repository="$(sed -n 's/^  repository: *//p' "$repo/charts/carbonq/values.yaml" | head -1)"
chart_tag="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$repo/charts/carbonq/Chart.yaml")"
revision="${CARBONQ_REVISION:-$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)}"

# The JDK modules carbonq and its libraries use (java.desktop for java.beans, which Quartz and
# Jackson read properties with; java.rmi, which Quartz names; jdk.crypto.ec for TLS to the forecast
# APIs).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management
modules+=,java.naming,java.net.http,java.scripting,java.security.jgss,java.sql,java.transaction.xa
modules+=,java.rmi,java.xml,jdk.crypto.ec,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs

[[ -f "$jar" ]] || { echo "build-image: no $jar; run ./carbonq version first" >&2; exit 1; }
command -v podman >/dev/null || { echo "build-image: needs podman (apt-get install podman runc)" >&2; exit 1; }
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")"
jmods="$java_home/jmods"
[[ -d "$jmods" ]] || { echo "build-image: $java_home has no jmods (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out"
root="$out/rootfs"
mkdir -p "$root"/{bin,etc,tmp,opt/carbonq,usr/local/bin,usr/share/doc/carbonq,var/lib/carbonq,etc/carbonq}
chmod 1777 "$root/tmp"

"$java_home/bin/jlink" --module-path "$jmods" --add-modules "$modules" --strip-debug \
  --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"
# Debian's JDK keeps its CA certificates outside the JDK; the runtime needs them for HTTPS.
if [[ -f /etc/ssl/certs/java/cacerts ]]; then
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi
cp "$jar" "$root/opt/carbonq/carbonq.jar"
cp /bin/dash "$root/bin/sh"

# Every shared library the runtime and the shell load, at the path they are loaded from.
libraries() {
  find "$root/opt/java" "$root/bin" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
    xargs -0 -n1 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u
}
for lib in $(libraries); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
{
  echo "Files copied from this system's Debian packages into the image:"
  for lib in $(libraries) /bin/dash; do
    printf '%s\t%s\n' "$lib" "$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | cut -d: -f1-2 | head -1)"
  done
  echo "Java runtime: jlink of $("$java_home/bin/java" -version 2>&1 | head -1) ($modules)"
} >"$root/usr/share/doc/carbonq/packages.txt"

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/false
carbonq:x:10001:10001:carbonq:/var/lib/carbonq:/bin/false
PASSWD
printf 'root:x:0:\ncarbonq:x:10001:\n' >"$root/etc/group"
cat >"$root/usr/local/bin/carbonq" <<'LAUNCHER'
#!/bin/sh
# carbonq in its image: the jar on the jlink'd runtime, sized to the container's memory limit.
if [ -t 1 ]; then CARBONQ_TERMINAL="tty ${COLUMNS:-}"; else CARBONQ_TERMINAL=pipe; fi
if [ -t 2 ]; then CARBONQ_STDERR_TERMINAL="tty ${COLUMNS:-}"; else CARBONQ_STDERR_TERMINAL=pipe; fi
export CARBONQ_TERMINAL CARBONQ_STDERR_TERMINAL
exec /opt/java/bin/java -XX:MaxRAMPercentage=75 -XX:-UsePerfData ${JAVA_OPTS:-} \
  -jar /opt/carbonq/carbonq.jar "$@"
LAUNCHER
chmod 755 "$root/usr/local/bin/carbonq"
cp "$repo/scheduler/container/Containerfile" "$out/Containerfile"
tar --numeric-owner -C "$root" -cf "$out/rootfs.tar" \
  --owner=0 --group=0 --exclude=./var/lib/carbonq . 
# The data directory belongs to the carbonq user, so a volume mounted there inherits it.
tar --numeric-owner -C "$root" -rf "$out/rootfs.tar" --owner=10001 --group=10001 ./var/lib/carbonq

podman build --quiet --format docker --build-arg "VERSION=$version" \
  --build-arg "REVISION=$revision" -t "$image" -t carbonq:latest \
  -t "$chart_repository:$chart_tag" "$out" >/dev/null
# Saved under the chart's name, for `kind load image-archive`.
podman save --quiet --format docker-archive -o "$out/carbonq-image.tar" "$chart_repository:$chart_tag"
echo "built $image, also tagged $chart_repository:$chart_tag ($(du -sh "$root" | cut -f1) unpacked)"
echo "archive for kind or another machine: $out/carbonq-image.tar"
