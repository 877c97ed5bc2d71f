#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# build.sh: the single entry point for building, running and testing Akuma.
# Run `./build.sh help` for the commands; docs/building.md has the details.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=$REPO/build
HARNESS=$REPO/tests/harness/harness.py
MKCPIO=$REPO/rootfs/mkcpio.py
AKUMA_IMG=$BUILD/kernel/akuma.img
LINUX_DIR=$BUILD/deps/linux
TEST_TIMEOUT=${AKUMA_TEST_TIMEOUT:-300}

# shellcheck source=deps.lock
. "$REPO/deps.lock"

# Host packages, installed with --no-install-recommends when missing.
PACKAGES=(make gcc libc6-dev python3 cpio curl wrk dpkg-dev
	"$GCC_CROSS_PKG" "$QEMU_PKG" "$UAPI_PKG" "$MUSL_PKG")

# Compiler for static musl programs (exported for the sub-makes).
MUSL_CC="aarch64-linux-gnu-gcc -specs=$REPO/rootfs/musl-static.specs -isystem $BUILD/uapi"
export MUSL_CC

usage() {
	cat <<'EOF'
usage: ./build.sh COMMAND [OPTIONS]

  deps      install the host packages and fetch the reference Linux kernel
  kernel    build the Akuma kernel (build/kernel/akuma.img)
  tests     build the guest test programs and the host unit tests
  rootfs    build the boot images (build/rootfs/run.cpio, test.cpio)
  run       boot Akuma with a small system on this terminal
  run [OPTIONS] -- PROGRAM [ARGS...]
            boot, run one program, print its output, exit with its status
  test [SUITE...]
            run the test suites (unit, guest, smoke, smoke-glibc,
            console, ltp, net) on Akuma and Linux and compare them; the last
            line is "N passed, N failed"
  clean     remove build outputs (clean --all also removes build/deps)
  bench     kernel micro-benchmarks on Akuma and Linux, side by side

run options:
  --kernel akuma|linux   which kernel boots (default akuma)
  --add DIR              copy DIR's files into the image at /usr/local/bin
  --append STRING        add to the kernel command line
  --port N               host port (on 127.0.0.1) forwarded to the
                         guest's port 80 (default $AKUMA_HTTP_PORT or 8080)
  --timeout SECONDS      stop the machine after that long
EOF
}

say() { printf '%s\n' "$*"; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# ------------------------------------------------------------------ lock

# Builds in one tree are serialised; the boots themselves are not.
lock_build() {
	mkdir -p "$BUILD"
	exec 9>"$BUILD/.lock"
	if ! flock -n 9; then
		say "build: waiting for another ./build.sh in this tree to finish building"
		flock 9
	fi
}

unlock_build() {
	flock -u 9 2>/dev/null || true
	exec 9>&-
}

# ------------------------------------------------------------------ deps

pkg_installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# Run a command as root: directly, or through sudo.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

can_be_root() {
	[ "$(id -u)" = 0 ] && return 0
	command -v sudo >/dev/null 2>&1 || return 1
	sudo -n true 2>/dev/null && return 0
	[ -t 0 ]  # sudo can ask for a password
}

APT_UPDATED=
apt_update() {
	[ -n "$APT_UPDATED" ] && return 0
	say "deps: apt-get update"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
		die "apt-get update failed: check the network and the apt sources, then run ./build.sh deps again"
	APT_UPDATED=1
}

have_arm64_arch() {
	[ "$(dpkg --print-architecture)" = arm64 ] ||
		dpkg --print-foreign-architectures | grep -qx arm64
}

add_arm64_arch() {
	have_arm64_arch && return 0
	say "deps: dpkg --add-architecture arm64 (for musl-dev:arm64)"
	as_root dpkg --add-architecture arm64
	APT_UPDATED=
}

# Warn in one line when the upstream version differs from deps.lock's.
check_upstream() {
	local pkg=$1 want=$2 ver up
	ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || return 0
	up=${ver#*:}
	up=${up%-*}
	case $up in
	"$want" | "$want".* | "$want"+* | "$want"~*) ;;
	*) say "warning: $pkg is $ver (upstream $up) but deps.lock pins upstream $want: results may differ" ;;
	esac
}

install_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		pkg_installed "$p" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		if ! can_be_root; then
			local arch=''
			have_arm64_arch || arch='dpkg --add-architecture arm64 && '
			die "missing packages: ${missing[*]}; as root run: ${arch}apt-get update && apt-get install --no-install-recommends ${missing[*]}"
		fi
		add_arm64_arch
		apt_update
		say "deps: installing ${missing[*]} (this can take a few minutes)"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}" >"$BUILD/apt.log" 2>&1 ||
			die "apt-get install failed (log: $BUILD/apt.log): install ${missing[*]} by hand, then run ./build.sh deps again"
	fi
	check_upstream "$GCC_CROSS_PKG" "$GCC_CROSS_UPSTREAM"
	check_upstream "$MUSL_PKG" "$MUSL_UPSTREAM"
	check_upstream "$UAPI_PKG" "$UAPI_UPSTREAM"
	check_upstream "$QEMU_PKG" "$QEMU_UPSTREAM"
}

# The path of the unpacked reference kernel, once fetched.
linux_image() {
	local f
	if [ -f "$LINUX_DIR/image" ]; then
		f=$LINUX_DIR/$(cat "$LINUX_DIR/image")
		[ -f "$f" ] && { say "$f"; return 0; }
	fi
	return 1
}

fetch_linux() {
	local pkg=$LINUX_IMAGE_PKG want rel ver deb
	linux_image >/dev/null && return 0
	rel=root/boot/vmlinuz-${pkg#linux-image-}
	if [ -f "$LINUX_DIR/$rel" ]; then
		say "$rel" >"$LINUX_DIR/image"
		return 0
	fi
	add_arm64_arch
	if ! apt-cache show "$pkg:arm64" >/dev/null 2>&1; then
		apt_update
	fi
	if ! apt-cache show "$pkg:arm64" >/dev/null 2>&1; then
		# Debian replaced the pinned kernel ABI: take the current one.
		want=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n1)
		[ -n "$want" ] || die "apt knows no linux-image-arm64:arm64: run apt-get update (with arm64 enabled), then ./build.sh deps"
		say "warning: apt no longer serves $pkg; using $want instead (update LINUX_IMAGE_* in deps.lock)"
		pkg=$want
	fi
	ver=$(apt-cache show "$pkg:arm64" | sed -n 's/^Version: //p' | head -n1)
	case $ver in
	"$LINUX_IMAGE_UPSTREAM".*) ;;
	*) say "warning: $pkg is $ver but deps.lock pins upstream Linux $LINUX_IMAGE_UPSTREAM: results may differ" ;;
	esac
	[ "$ver" = "$LINUX_IMAGE_DEBIAN" ] ||
		say "deps: note: fetching $pkg $ver (deps.lock last tested $LINUX_IMAGE_DEBIAN)"
	say "deps: downloading the reference Linux kernel $pkg $ver (about 60 MB)"
	mkdir -p "$LINUX_DIR"
	chmod 755 "$LINUX_DIR"
	(cd "$LINUX_DIR" && apt-get download -q "$pkg:arm64=$ver" 2>&1) |
		grep -v -e '^W: Download is performed unsandboxed' -e '^Get:' || true
	deb=$(find "$LINUX_DIR" -maxdepth 1 -name "${pkg}_*_arm64.deb" | head -n1)
	[ -n "$deb" ] || die "could not download $pkg:arm64: check the network and apt sources, then run ./build.sh deps again"
	say "deps: unpacking $(basename "$deb")"
	rm -rf "$LINUX_DIR/root"
	dpkg-deb -x "$deb" "$LINUX_DIR/root"
	rel=root/boot/vmlinuz-${pkg#linux-image-}
	[ -f "$LINUX_DIR/$rel" ] || die "$deb holds no /boot/vmlinuz-${pkg#linux-image-}"
	say "$rel" >"$LINUX_DIR/image"
	say "$pkg $ver" >"$LINUX_DIR/version"
	rm -f "$deb"
}

# Folder of Linux uapi headers (only those) for the musl compiler.
make_uapi() {
	local d src=/usr/aarch64-linux-gnu/include
	mkdir -p "$BUILD/uapi"
	for d in asm asm-generic drm linux misc mtd rdma scsi sound video xen; do
		[ -d "$src/$d" ] || continue
		[ "$(readlink "$BUILD/uapi/$d" 2>/dev/null)" = "$src/$d" ] ||
			ln -sfn "$src/$d" "$BUILD/uapi/$d"
	done
}

# Check once that $MUSL_CC makes the two kinds of static programs.
check_toolchain() {
	local stamp=$BUILD/deps/toolchain.ok key t=$BUILD/deps/toolchain-check
	key="$(cksum <"$REPO/rootfs/musl-static.specs") $(aarch64-linux-gnu-gcc -dumpfullversion 2>/dev/null) $(dpkg-query -W -f='${Version}' "$MUSL_PKG")"
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && return 0
	say "deps: checking the musl toolchain"
	mkdir -p "$t"
	cat >"$t/hello.c" <<'EOF'
#include <stdio.h>
#include <linux/reboot.h>
int main(void)
{
	printf("hello %x\n", LINUX_REBOOT_MAGIC1);
	return 0;
}
EOF
	$MUSL_CC -static -o "$t/static" "$t/hello.c" ||
		die "the musl compiler does not work: check that $MUSL_PKG and $UAPI_PKG are installed (./build.sh deps)"
	$MUSL_CC -static-pie -o "$t/static-pie" "$t/hello.c" ||
		die "the musl compiler cannot link -static-pie: check $MUSL_PKG"
	aarch64-linux-gnu-readelf -h "$t/static" | grep -q 'Type:.*EXEC' ||
		die "-static did not give a static ET_EXEC program: check rootfs/musl-static.specs"
	aarch64-linux-gnu-readelf -h "$t/static-pie" | grep -q 'Type:.*DYN' ||
		die "-static-pie did not give an ET_DYN program: check rootfs/musl-static.specs"
	if aarch64-linux-gnu-readelf -l "$t/static" "$t/static-pie" | grep -q INTERP; then
		die "a static program asks for a dynamic loader: check rootfs/musl-static.specs"
	fi
	if command -v qemu-aarch64-static >/dev/null 2>&1; then
		if [ "$(qemu-aarch64-static "$t/static")" != "hello fee1dead" ] ||
			[ "$(qemu-aarch64-static "$t/static-pie")" != "hello fee1dead" ]; then
			die "static musl programs do not run under qemu-aarch64-static"
		fi
	fi
	rm -rf "$t"
	say "$key" >"$stamp"
}

do_deps() {
	mkdir -p "$BUILD/deps"
	install_packages
	fetch_linux
	make_uapi
	check_toolchain
	fetch_busybox_src
	fetch_busybox_glibc
	fetch_lwip_src
}

# ---------------------------------------------------------------- kernel

do_kernel() {
	if [ ! -f "$REPO/Makefile" ]; then
		say "kernel: there is no Makefile at the top of the tree yet: no Akuma kernel to build"
		return 1
	fi
	say "kernel: make -C $REPO BUILD=$BUILD/kernel LWIP_DIR=$(lwip_dir) -j2"
	make -C "$REPO" BUILD="$BUILD/kernel" LWIP_DIR="$(lwip_dir)" -j2 || {
		say "kernel: the Akuma kernel did not build (see above)"
		return 1
	}
	[ -f "$AKUMA_IMG" ] || {
		say "kernel: make succeeded but $AKUMA_IMG is missing"
		return 1
	}
}

# ----------------------------------------------------------------- tests

# do_tests [guest|unit]: build both kinds of tests, or only one.
GUEST_ERROR=
do_tests() {
	local rc=0 which=${1:-all}
	GUEST_ERROR=
	if [ "$which" = unit ]; then
		:
	elif [ -f "$REPO/tests/guest/Makefile" ]; then
		say "tests: make -C tests/guest OUT=$BUILD/tests/guest"
		make -C "$REPO/tests/guest" -j2 CC="$MUSL_CC" OUT="$BUILD/tests/guest" || {
			GUEST_ERROR="the guest tests did not build (see above)"
			rc=1
		}
	else
		GUEST_ERROR="tests/guest/Makefile not found: no guest tests yet"
		say "tests: $GUEST_ERROR"
	fi
	if [ "$which" != guest ] && [ -f "$REPO/tests/unit/Makefile" ]; then
		say "tests: make -C tests/unit OUT=$BUILD/tests/unit"
		make -C "$REPO/tests/unit" -j2 OUT="$BUILD/tests/unit" || rc=1
	fi
	return $rc
}

# --------------------------------------------------------------- busybox

BUSYBOX_SRC=$BUILD/deps/busybox          # Debian's source package, unpacked
BUSYBOX_GLIBC=$BUILD/deps/busybox-static # Debian's static glibc binary
BUSYBOX_OUT=$BUILD/busybox               # our build: musl/ and glibc/

# apt-get with a configuration of our own under build/deps/busybox/apt:
# the deb-src twins of the machine's apt sources, and their own lists, so
# the host's apt setup is neither needed nor changed.
busybox_apt() {
	local d=$BUSYBOX_SRC/apt
	apt-get -q -o Dir::Etc::SourceList=/dev/null \
		-o Dir::Etc::SourceParts="$d/sources.list.d" \
		-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" "$@"
}

# Write a deb-src entry for every deb entry of the machine's apt sources
# (one-line .list files and deb822 .sources files alike).
busybox_apt_sources() {
	local d=$BUSYBOX_SRC/apt f
	mkdir -p "$d/sources.list.d" "$d/lists/partial" "$d/cache/archives/partial"
	: >"$d/sources.list.d/src.list"
	: >"$d/sources.list.d/src.sources"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*deb\([[:space:]]\)/deb-src\1/p' "$f" \
			>>"$d/sources.list.d/src.list"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# Stanzas are separated by blank lines (awk's paragraph mode).
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		/(^|\n)Types:([^\n]*[ \t])?deb([ \t\n]|$)/ {
			sub(/Types:[^\n]*/, "Types: deb-src")
			print
		}' "$f" >>"$d/sources.list.d/src.sources"
	done
	[ -s "$d/sources.list.d/src.list" ] || [ -s "$d/sources.list.d/src.sources" ] ||
		die "no deb entries in the apt sources of this machine (/etc/apt): cannot find BusyBox's source package"
}

# The newest version apt offers of a package, preferring the pinned one;
# with the same upstream version only.  $1: apt-cache command, $2: package,
# $3: pinned Debian version, $4: upstream version.
pick_version() {
	local versions v
	versions=$($1 "$2" 2>/dev/null | sed -n 's/^Version: //p')
	if printf '%s\n' "$versions" | grep -qxF "$3"; then
		say "$3"
		return 0
	fi
	for v in $versions; do
		case ${v#*:} in
		"$4"-*)
			say "$v"
			return 0
			;;
		esac
	done
	return 1
}

fetch_busybox_src() {
	local ver dir
	[ -f "$BUSYBOX_SRC/version" ] && [ -d "$BUSYBOX_SRC/$(cat "$BUSYBOX_SRC/version")" ] &&
		return 0
	command -v dpkg-source >/dev/null ||
		die "dpkg-source missing: install dpkg-dev (./build.sh deps does)"
	busybox_apt_sources
	say "deps: apt-get update for BusyBox's source package (deb-src entries in $BUSYBOX_SRC/apt)"
	# A third-party source without deb-src only makes update complain.
	busybox_apt update >"$BUSYBOX_SRC/apt-update.log" 2>&1 || true
	ver=$(pick_version "busybox_apt_cache showsrc" "$BUSYBOX_SRC_PKG" \
		"$BUSYBOX_DEBIAN" "$BUSYBOX_UPSTREAM") ||
		die "apt finds no source package $BUSYBOX_SRC_PKG $BUSYBOX_UPSTREAM (log: $BUSYBOX_SRC/apt-update.log)"
	[ "$ver" = "$BUSYBOX_DEBIAN" ] ||
		say "warning: apt no longer serves busybox $BUSYBOX_DEBIAN; using $ver (update BUSYBOX_DEBIAN in deps.lock)"
	say "deps: apt-get source $BUSYBOX_SRC_PKG=$ver"
	dir=$BUSYBOX_SRC_PKG-$BUSYBOX_UPSTREAM
	rm -rf "${BUSYBOX_SRC:?}/$dir"
	(cd "$BUSYBOX_SRC" && busybox_apt source "$BUSYBOX_SRC_PKG=$ver") \
		>"$BUSYBOX_SRC/apt-source.log" 2>&1 ||
		die "apt-get source $BUSYBOX_SRC_PKG=$ver failed (log: $BUSYBOX_SRC/apt-source.log)"
	[ -f "$BUSYBOX_SRC/$dir/Makefile" ] ||
		die "apt-get source gave no $BUSYBOX_SRC/$dir (log: $BUSYBOX_SRC/apt-source.log)"
	say "$dir" >"$BUSYBOX_SRC/version"
	say "$BUSYBOX_SRC_PKG $ver" >"$BUSYBOX_SRC/debian-version"
}

# ------------------------------------------------------------------ lwip

LWIP_SRC=$BUILD/deps/lwip # Debian's source package, unpacked

# The deb-src setup of BusyBox's (busybox_apt) serves every source package;
# its package lists are fetched once, by whichever package needs them first.
src_apt_ready() {
	if ! ls "$BUSYBOX_SRC/apt/lists/"*Sources* >/dev/null 2>&1; then
		busybox_apt_sources
		say "deps: apt-get update for source packages (deb-src entries in $BUSYBOX_SRC/apt)"
		busybox_apt update >"$BUSYBOX_SRC/apt-update.log" 2>&1 || true
	fi
}

# The path of the unpacked lwIP tree, once fetched.
lwip_dir() {
	[ -f "$LWIP_SRC/version" ] && [ -f "$LWIP_SRC/$(cat "$LWIP_SRC/version")/src/core/init.c" ] &&
		say "$LWIP_SRC/$(cat "$LWIP_SRC/version")"
}

# lwIP is compiled into the kernel from Debian's source package, unmodified
# (the root Makefile's LWIP_SRCS; docs/lwip.md).
fetch_lwip_src() {
	local ver dir
	lwip_dir >/dev/null && return 0
	command -v dpkg-source >/dev/null ||
		die "dpkg-source missing: install dpkg-dev (./build.sh deps does)"
	mkdir -p "$LWIP_SRC"
	src_apt_ready
	ver=$(pick_version "busybox_apt_cache showsrc" "$LWIP_SRC_PKG" \
		"$LWIP_DEBIAN" "${LWIP_DEBIAN%-*}") ||
		die "apt finds no source package $LWIP_SRC_PKG $LWIP_UPSTREAM (log: $BUSYBOX_SRC/apt-update.log)"
	[ "$ver" = "$LWIP_DEBIAN" ] ||
		say "warning: apt no longer serves lwip $LWIP_DEBIAN; using $ver (update LWIP_DEBIAN in deps.lock)"
	say "deps: apt-get source $LWIP_SRC_PKG=$ver"
	(cd "$LWIP_SRC" && rm -rf "$LWIP_SRC_PKG"-*/ &&
		busybox_apt source "$LWIP_SRC_PKG=$ver") >"$LWIP_SRC/apt-source.log" 2>&1 ||
		die "apt-get source $LWIP_SRC_PKG=$ver failed (log: $LWIP_SRC/apt-source.log)"
	# Debian's tree is lwip-<upstream>+dfsg<n>: take what was unpacked.
	dir=$(cd "$LWIP_SRC" && find . -maxdepth 4 -path "./$LWIP_SRC_PKG-*/src/core/init.c" | head -n1)
	[ -n "$dir" ] || die "apt-get source gave no lwIP tree in $LWIP_SRC (log: $LWIP_SRC/apt-source.log)"
	dir=${dir#./}
	say "${dir%%/*}" >"$LWIP_SRC/version"
	say "$LWIP_SRC_PKG $ver" >"$LWIP_SRC/debian-version"
}

busybox_apt_cache() {
	local d=$BUSYBOX_SRC/apt
	apt-cache -o Dir::Etc::SourceList=/dev/null \
		-o Dir::Etc::SourceParts="$d/sources.list.d" \
		-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" "$@"
}

plain_apt_cache() { apt-cache "$@"; }

# Debian's busybox-static:arm64, unpacked (installing it would put an
# arm64 /bin/busybox on this machine).
fetch_busybox_glibc() {
	local pkg=$BUSYBOX_STATIC_PKG ver deb
	[ -x "$BUSYBOX_GLIBC/root/bin/busybox" ] && return 0
	add_arm64_arch
	apt-cache show "$pkg:arm64" >/dev/null 2>&1 || apt_update
	ver=$(pick_version "plain_apt_cache show" "$pkg:arm64" \
		"$BUSYBOX_STATIC_DEBIAN" "$BUSYBOX_UPSTREAM") ||
		die "apt knows no $pkg:arm64 $BUSYBOX_UPSTREAM: run apt-get update (with arm64 enabled), then ./build.sh deps"
	[ "$ver" = "$BUSYBOX_STATIC_DEBIAN" ] ||
		say "warning: apt no longer serves $pkg $BUSYBOX_STATIC_DEBIAN; using $ver (update BUSYBOX_STATIC_DEBIAN in deps.lock)"
	say "deps: downloading $pkg:arm64 $ver"
	mkdir -p "$BUSYBOX_GLIBC"
	rm -f "$BUSYBOX_GLIBC"/*.deb
	(cd "$BUSYBOX_GLIBC" && apt-get download -q "$pkg:arm64=$ver" 2>&1) |
		grep -v -e '^W: Download is performed unsandboxed' -e '^Get:' -e '^Fetched' || true
	deb=$(find "$BUSYBOX_GLIBC" -maxdepth 1 -name "${pkg}_*_arm64.deb" | head -n1)
	[ -n "$deb" ] || die "could not download $pkg:arm64: check the network and apt sources, then run ./build.sh deps again"
	rm -rf "$BUSYBOX_GLIBC/root"
	dpkg-deb -x "$deb" "$BUSYBOX_GLIBC/root"
	[ -x "$BUSYBOX_GLIBC/root/bin/busybox" ] || die "$deb holds no /bin/busybox"
	say "$pkg $ver" >"$BUSYBOX_GLIBC/version"
	rm -f "$deb"
}

# Build BusyBox with musl (build/busybox/musl/busybox and busybox.links)
# and list the applets of Debian's static build (build/busybox/glibc/
# busybox.links, from the config Debian built it with).  Nothing happens
# when the outputs are up to date.
do_busybox() {
	local src obj=$BUSYBOX_OUT/musl gl=$BUSYBOX_OUT/glibc key
	src=$BUSYBOX_SRC/$(cat "$BUSYBOX_SRC/version")
	key="$(cat "$BUSYBOX_SRC/debian-version") $(aarch64-linux-gnu-gcc -dumpfullversion) $(dpkg-query -W -f='${Version}' "$MUSL_PKG") $(cksum <"$REPO/rootfs/musl-static.specs") $MUSL_CC"
	if [ -f "$obj/busybox" ] && [ -f "$obj/busybox.links" ] &&
		[ "$(cat "$obj/.akuma-key" 2>/dev/null)" = "$key" ] &&
		cmp -s "$REPO/rootfs/busybox.config" "$obj/.akuma-config"; then
		:
	else
		# Another compiler or source: start afresh; another config:
		# BusyBox's make rebuilds what it must.
		[ "$(cat "$obj/.akuma-key" 2>/dev/null)" = "$key" ] || rm -rf "$obj"
		mkdir -p "$obj"
		cp "$REPO/rootfs/busybox.config" "$obj/.config"
		say "busybox: building BusyBox $(cat "$BUSYBOX_SRC/debian-version" | cut -d' ' -f2) with musl (log: $obj/build.log)"
		if ! {
			make -C "$src" O="$obj" HOSTCC=gcc oldconfig </dev/null &&
				make -C "$src" O="$obj" -j2 HOSTCC=gcc \
					CROSS_COMPILE=aarch64-linux-gnu- CC="$MUSL_CC" &&
				make -C "$src" O="$obj" HOSTCC=gcc busybox.links
		} >"$obj/build.log" 2>&1; then
			tail -n 20 "$obj/build.log" >&2
			die "BusyBox did not build (log: $obj/build.log)"
		fi
		aarch64-linux-gnu-readelf -l "$obj/busybox" | grep -q INTERP &&
			die "$obj/busybox is not static (check rootfs/busybox.config)"
		cp "$REPO/rootfs/busybox.config" "$obj/.akuma-config"
		say "$key" >"$obj/.akuma-key"
	fi
	if [ ! -f "$gl/busybox.links" ] ||
		[ "$(cat "$gl/.akuma-key" 2>/dev/null)" != "$(cat "$BUSYBOX_GLIBC/version")" ]; then
		rm -rf "$gl"
		mkdir -p "$gl"
		cp "$src/debian/config/pkg/static" "$gl/.config"
		{
			make -C "$src" O="$gl" HOSTCC=gcc silentoldconfig </dev/null &&
				make -C "$src" O="$gl" HOSTCC=gcc busybox.links
		} >"$gl/build.log" 2>&1 ||
			die "could not list the applets of Debian's static BusyBox (log: $gl/build.log)"
		cat "$BUSYBOX_GLIBC/version" >"$gl/.akuma-key"
	fi
}

# ---------------------------------------------------------------- rootfs

base_spec() {
	cat <<'EOF'
dir /bin 755
dir /sbin 755
dir /etc 755
dir /tmp 1777
dir /root 700
dir /dev 755
dir /proc 555
dir /sys 555
dir /usr 755
dir /usr/bin 755
dir /usr/local/bin 755
nod /dev/console 600 c 5 1
nod /dev/null 666 c 1 3
EOF
}

# The guest tests as the test runner expects them: /tests/<name> for each
# name in the list, /tests/list and /tests/data/.  With "strict", a test
# that was not built is an error; otherwise the tests are left out.
tests_spec() {
	local bin=$BUILD/tests/guest/bin list=$BUILD/tests/guest/list name
	[ -f "$list" ] || list=$REPO/tests/guest/list
	[ -f "$list" ] && [ -d "$bin" ] || return 0
	say "dir /tests 755"
	say "file /tests/list $list 644"
	for name in $(sed -e 's/#.*//' "$list"); do
		if [ -f "$bin/$name" ]; then
			say "file /tests/$name $bin/$name 755"
		elif [ "${1:-}" = strict ]; then
			die "guest test $name is in tests/guest/list but $bin/$name was not built"
		fi
	done
	[ -d "$BUILD/tests/guest/data" ] && say "tree /tests/data $BUILD/tests/guest/data"
	return 0
}

# Device nodes and folders of the BusyBox images beyond base_spec's.  /dev
# is the image's own on both kernels (no devtmpfs), so it is the same.
busybox_dev_spec() {
	cat <<'EOF'
nod /dev/tty 666 c 5 0
nod /dev/ptmx 666 c 5 2
nod /dev/zero 666 c 1 5
nod /dev/full 666 c 1 7
nod /dev/random 666 c 1 8
nod /dev/urandom 666 c 1 9
dir /dev/shm 1777
slink /dev/fd /proc/self/fd
slink /dev/stdin /proc/self/fd/0
slink /dev/stdout /proc/self/fd/1
slink /dev/stderr /proc/self/fd/2
dir /mnt 755
dir /var 755
dir /var/run 755
dir /var/log 755
EOF
}

# The reference Linux kernel's virtio-mmio and virtio-net drivers are
# modules: they go into the BusyBox images as /lib/modules/VERSION/NAME.ko,
# copied from the unpacked package at build time, and rcS loads them when
# the kernel is Linux.  Nothing when the package is not fetched yet.
LINUX_NET_MODULES="net/core/failover drivers/net/net_failover drivers/net/virtio_net drivers/virtio/virtio_mmio"

modules_spec() {
	local img ver m dir
	img=$(linux_image) || return 0
	ver=${img##*/vmlinuz-}
	dir=$LINUX_DIR/root/lib/modules/$ver/kernel
	say "dir /lib 755"
	say "dir /lib/modules 755"
	say "dir /lib/modules/$ver 755"
	for m in $LINUX_NET_MODULES; do
		[ -f "$dir/$m.ko" ] || die "the Linux package lacks lib/modules/$ver/kernel/$m.ko (needed for its network card)"
		say "file /lib/modules/$ver/${m##*/}.ko $dir/$m.ko 644"
	done
}

# busybox_spec BINARY LINKS: the BusyBox system: BINARY as /bin/busybox, a
# link to it for each applet in LINKS (a busybox.links file), and the
# files under rootfs/etc and rootfs/www.
busybox_spec() {
	local l f mode
	busybox_dev_spec
	modules_spec
	say "file /bin/busybox $1 755"
	while read -r l; do
		[ -n "$l" ] && say "slink $l /bin/busybox"
	done <"$2"
	(cd "$REPO/rootfs" && find etc www -type d | sort) | while read -r f; do
		say "dir /$f 755"
	done
	(cd "$REPO/rootfs" && find etc www -type f | sort) | while read -r f; do
		mode=644
		[ -x "$REPO/rootfs/$f" ] && mode=755
		say "file /$f $REPO/rootfs/$f $mode"
	done
}

# smoke_spec BINARY LINKS: a BusyBox system whose /init runs the smoke
# suite (tests/smoke) and powers off.
smoke_spec() {
	base_spec
	busybox_spec "$1" "$2"
	say "tree /smoke $REPO/tests/smoke"
	say "file /init $REPO/tests/smoke/init 755"
}

# make_image OUTPUT SPEC: write an initramfs image (see rootfs/mkcpio.py).
make_image() {
	printf '%s\n' "$2" | python3 "$MKCPIO" "$1"
}

BB_MUSL=$BUILD/busybox/musl
BB_GLIBC_LINKS=$BUILD/busybox/glibc/busybox.links

# The BusyBox system that `run` boots: BusyBox's init as /init.
run_spec() {
	base_spec
	busybox_spec "$BB_MUSL/busybox" "$BB_MUSL/busybox.links"
	say "slink /init /bin/busybox"
	say "file /bin/hello $BUILD/rootfs/bin/hello 755"
	say "file /www/1mib.bin $BUILD/rootfs/www/1mib.bin 644"
	tests_spec
}

# A 1 MiB file for httpd to serve (the net suite fetches it byte-exact):
# the same pseudo-random bytes every time, made at build time.
make_www_files() {
	local f=$BUILD/rootfs/www/1mib.bin
	[ -f "$f" ] && [ "$(stat -c %s "$f")" = 1048576 ] && return 0
	mkdir -p "${f%/*}"
	python3 -c 'import random, sys
sys.stdout.buffer.write(random.Random(1).randbytes(1 << 20))' >"$f.tmp"
	mv "$f.tmp" "$f"
}

# The smoke suite's images: BusyBox built with musl, and Debian's static
# glibc BusyBox (run.cpio and do_busybox first).
smoke_images() {
	make_image "$BUILD/rootfs/smoke.cpio" \
		"$(smoke_spec "$BB_MUSL/busybox" "$BB_MUSL/busybox.links")"
	make_image "$BUILD/rootfs/smoke-glibc.cpio" \
		"$(smoke_spec "$BUSYBOX_GLIBC/root/bin/busybox" "$BB_GLIBC_LINKS")"
}

do_rootfs() {
	local out=$BUILD/rootfs bin=$BUILD/tests/guest/bin spec
	mkdir -p "$out"
	make -C "$REPO/rootfs" -s CC="$MUSL_CC" OUT="$out"
	do_busybox
	make_www_files
	make_image "$out/run.cpio" "$(run_spec)"
	[ "${1:-}" = run-only ] && return 0
	smoke_images
	if [ -f "$bin/runner" ] && [ -f "$REPO/tests/guest/list" ]; then
		spec=$(
			base_spec
			modules_spec
			say "file /init $bin/runner 755"
			tests_spec strict
		)
		make_image "$out/test.cpio" "$spec"
	else
		rm -f "$out/test.cpio"
		say "rootfs: no guest test runner built yet: no test.cpio"
	fi
}

# ------------------------------------------------------------------- run

do_run() {
	local kernel=akuma add=() append='' timeout='' argv=() img d spec
	local port=${AKUMA_HTTP_PORT:-8080}
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel)
			[ $# -ge 2 ] || die "--kernel needs akuma or linux"
			kernel=$2
			shift 2
			;;
		--kernel=*)
			kernel=${1#*=}
			shift
			;;
		--add)
			[ $# -ge 2 ] || die "--add needs a folder"
			add+=("$2")
			shift 2
			;;
		--add=*)
			add+=("${1#*=}")
			shift
			;;
		--append)
			[ $# -ge 2 ] || die "--append needs a string"
			append=$2
			shift 2
			;;
		--timeout)
			[ $# -ge 2 ] || die "--timeout needs a number of seconds"
			timeout=$2
			shift 2
			;;
		--port)
			[ $# -ge 2 ] || die "--port needs a TCP port number"
			port=$2
			shift 2
			;;
		--)
			shift
			argv=("$@")
			[ ${#argv[@]} -gt 0 ] || die "run -- needs a program to run"
			break
			;;
		*) die "run: unknown option $1 (see ./build.sh help)" ;;
		esac
	done
	case $kernel in
	akuma | linux) ;;
	*) die "--kernel must be akuma or linux, not $kernel" ;;
	esac
	for d in "${add[@]}"; do
		[ -d "$d" ] || die "--add $d: not a folder"
	done
	case $timeout in
	'' | *[!0-9.]*) [ -z "$timeout" ] || die "--timeout wants seconds, not $timeout" ;;
	esac
	case $port in
	'' | *[!0-9]*) die "--port (or AKUMA_HTTP_PORT) wants a TCP port number, not '$port'" ;;
	esac

	# Building talks on stderr: with -- PROGRAM, stdout is the program's.
	exec 8>&1 1>&2
	lock_build
	do_deps
	if [ "$kernel" = akuma ]; then
		do_kernel || die "no Akuma kernel to boot (see above); ./build.sh run --kernel linux boots the reference Linux kernel"
		img=$AKUMA_IMG
	else
		img=$(linux_image)
	fi
	if [ -f "$REPO/tests/guest/Makefile" ]; then
		say "run: building the guest tests (for /tests in the image)"
		do_tests guest >"$BUILD/tests.log" 2>&1 ||
			say "run: the guest tests did not all build (log: $BUILD/tests.log); going on"
	fi
	do_rootfs run-only

	local cpio=$BUILD/rootfs/run.cpio init=
	local args=(--kernel "$kernel" --img "$img" --logdir "$BUILD/logs")
	[ -n "$append" ] && args+=(--append "$append")
	[ -n "$timeout" ] && args+=(--timeout "$timeout")
	args+=(--http-port "$port")
	if [ ${#argv[@]} -gt 0 ] || [ ${#add[@]} -gt 0 ]; then
		# An image of its own for this run.
		local tmp=$BUILD/rootfs/tmp
		mkdir -p "$tmp"
		cpio=$tmp/run-$$.cpio
		# shellcheck disable=SC2064
		trap "rm -f $(printf '%q' "$cpio") $(printf '%q' "$tmp/run-$$.argv")" EXIT
		if [ ${#argv[@]} -gt 0 ]; then
			init=$BUILD/rootfs/bin/runwrap
			printf '%s\0' "${argv[@]}" >"$tmp/run-$$.argv"
		fi
		spec=$(
			run_spec
			[ -z "$init" ] || say "file /init $init 755"
			for d in "${add[@]}"; do
				say "tree /usr/local/bin $(cd "$d" && pwd)"
			done
			[ ${#argv[@]} -eq 0 ] || say "file /etc/akuma-run $tmp/run-$$.argv 644"
		)
		make_image "$cpio" "$spec" >/dev/null
	fi
	unlock_build
	exec 1>&8 8>&-

	if [ ${#argv[@]} -gt 0 ]; then
		local rc=0
		python3 "$HARNESS" exec "${args[@]}" --initrd "$cpio" || rc=$?
		exit $rc
	fi
	local rc=0
	python3 "$HARNESS" interactive "${args[@]}" --initrd "$cpio" || rc=$?
	exit $rc
}

# ------------------------------------------------------------------ bench

# Benchmarks side by side in one run: Akuma, Linux as Debian boots it, and
# Linux with kpti=0 (its best case). tests/bench/micro.c measures the
# kernel from inside (system calls, processes, pipes, TCP over 127.0.0.1);
# tests/bench/netbench.py boots the httpd system and measures the network
# from the host (boot to httpd, wrk request rates, guest wget).
do_bench() {
	local out=$BUILD/bench k line img append
	mkdir -p "$out/bin"
	(
		lock_build
		do_deps
		# shellcheck disable=SC2086
		$MUSL_CC -static -O2 -o "$out/bin/micro" "$REPO/tests/bench/micro.c"
		do_kernel
		do_rootfs run-only
	) || die "bench: could not build the kernel, the image or tests/bench/micro.c (see above)"
	for k in akuma linux linux-kpti0; do
		say "bench: running on $k" >&2
		case $k in
		linux-kpti0) line=(--kernel linux --append kpti=0) ;;
		*) line=(--kernel "$k") ;;
		esac
		# --port 0: any free host port, so a ./build.sh run on 8080
		# does not stop the benchmark.
		"$0" run "${line[@]}" --port 0 --add "$out/bin" -- /usr/local/bin/micro \
			2>"$out/$k.log" |
			awk -v k="$k" '$1 == "BENCH" { print k, $2, $3, $4 }' ||
			say "bench: $k did not finish (see $out/$k.log)" >&2
		case $k in
		akuma) img=$AKUMA_IMG append=() ;;
		linux) img=$(linux_image) append=() ;;
		linux-kpti0) img=$(linux_image) append=(--append kpti=0) ;;
		esac
		python3 "$REPO/tests/bench/netbench.py" --kernel "${k%-kpti0}" \
			--img "$img" "${append[@]}" --initrd "$BUILD/rootfs/run.cpio" \
			--log "$out/net-$k.console.log" 2>"$out/net-$k.log" |
			awk -v k="$k" '$1 == "BENCH" { print k, $2, $3, $4 }'
		[ -s "$out/net-$k.log" ] && say "bench: $k network: $(tail -n1 "$out/net-$k.log")" >&2
	done >"$out/results.txt"
	# A ratio above 1 means Akuma is better: Linux's time over Akuma's for
	# times, Akuma's rate over Linux's for rates (units ending in "/s").
	awk '
		function cell(x) { return x == "" ? "-" : sprintf("%.2f", x) }
		function ratio(x, a, u) {
			if (x == "" || a == "" || a == 0 || x == 0) return "-"
			return sprintf("%.2fx", u ~ /\/s$/ ? a / x : x / a)
		}
		{ v[$1, $2] = $3; unit[$2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 } }
		END {
			printf "%-16s %6s %10s %10s %14s %10s %12s\n", "measure", "unit", "akuma", "linux", "linux kpti=0", "linux/ak", "kpti0/ak"
			for (i = 0; i < n; i++) {
				m = order[i]; a = v["akuma", m]; l = v["linux", m]; p = v["linux-kpti0", m]
				printf "%-16s %6s %10s %10s %14s %10s %12s\n", m, unit[m], cell(a), cell(l), cell(p), ratio(l, a, unit[m]), ratio(p, a, unit[m])
			}
		}' "$out/results.txt"
}

# ------------------------------------------------------------------ test

TEST_SUITES="unit guest smoke smoke-glibc console ltp net"

do_test() {
	local suites=() s guest=0 unit=0 busybox=0 akuma_error='' unit_cmd=''
	local ltp=0
	local want=" $* "
	for s in "$@"; do
		case " $TEST_SUITES " in
		*" $s "*) ;;
		*)
			die "unknown suite $s (suites: $TEST_SUITES)"
			;;
		esac
	done
	[ $# -gt 0 ] || want=" $TEST_SUITES "
	for s in $TEST_SUITES; do
		case $want in
		*" $s "*) suites+=("$s") ;;
		*) continue ;;
		esac
		case $s in
		unit) unit=1 ;;
		guest) guest=1 ;;
		ltp) ltp=1 ;;
		*) busybox=1 ;;
		esac
	done

	lock_build
	do_deps
	if [ $guest = 1 ] || [ $busybox = 1 ] || [ $ltp = 1 ]; then
		do_kernel || akuma_error="no Akuma kernel (see the kernel step above)"
	fi
	[ $ltp = 0 ] || do_ltp
	if [ $guest = 1 ] && [ $unit = 1 ]; then
		do_tests || true
	elif [ $guest = 1 ]; then
		do_tests guest || true
	elif [ $unit = 1 ]; then
		do_tests unit || true
	fi
	if [ $guest = 1 ] && [ -z "$GUEST_ERROR" ]; then
		do_rootfs
		[ -f "$BUILD/rootfs/test.cpio" ] ||
			GUEST_ERROR="no test image: the guest test runner was not built"
	elif [ $busybox = 1 ]; then
		do_rootfs run-only
		smoke_images
	fi
	if [ -f "$REPO/tests/unit/Makefile" ]; then
		unit_cmd="make -s -C $REPO/tests/unit OUT=$BUILD/tests/unit"
		# The target that runs them: check, test or run (else the default).
		for s in check test run; do
			if make -n -C "$REPO/tests/unit" OUT="$BUILD/tests/unit" "$s" >/dev/null 2>&1; then
				unit_cmd+=" $s"
				break
			fi
		done
	fi
	unlock_build

	local IFS=,
	exec python3 "$HARNESS" test --suites "${suites[*]}" \
		--logdir "$BUILD/logs" \
		--akuma-img "$AKUMA_IMG" --akuma-error "$akuma_error" \
		--linux-img "$(linux_image || true)" \
		--initrd "$BUILD/rootfs/test.cpio" \
		--list "$REPO/tests/guest/list" \
		--known "$REPO/tests/known-differences.txt" \
		--guest-error "$GUEST_ERROR" \
		--smoke-initrd "$BUILD/rootfs/smoke.cpio" \
		--smoke-glibc-initrd "$BUILD/rootfs/smoke-glibc.cpio" \
		--smoke-list "$REPO/tests/smoke/list" \
		--console-initrd "$BUILD/rootfs/run.cpio" \
		--net-initrd "$BUILD/rootfs/run.cpio" --net-www "$BUILD/rootfs/www" \
		--ltp-initrd "$BUILD/rootfs/ltp.cpio" \
		--ltp-list "$REPO/tests/ltp-subset/runtest/syscalls" \
		--ltp-error "$LTP_ERROR" \
		--timeout "$TEST_TIMEOUT" \
		--unit-cmd "$unit_cmd"
}

# ------------------------------------------------------------------- ltp

LTP_OUT=$BUILD/tests/ltp-subset

# The ltp image: the suite's runner as /init, /ltp/runtest/syscalls and
# every test program in /ltp/testcases/bin (tests/ltp-subset).
ltp_spec() {
	local f
	base_spec
	say "nod /dev/zero 666 c 1 5"
	say "file /init $LTP_OUT/bin/runner 755"
	say "dir /ltp 755"
	say "dir /ltp/runtest 755"
	say "file /ltp/runtest/syscalls $LTP_OUT/runtest/syscalls 644"
	say "dir /ltp/testcases 755"
	say "dir /ltp/testcases/bin 755"
	for f in "$LTP_OUT"/bin/*; do
		[ "${f##*/}" = runner ] || say "file /ltp/testcases/bin/${f##*/} $f 755"
	done
}

# Build tests/ltp-subset and build/rootfs/ltp.cpio; LTP_ERROR says why not.
LTP_ERROR=
do_ltp() {
	LTP_ERROR=
	say "tests: make -C tests/ltp-subset OUT=$LTP_OUT"
	if ! make -C "$REPO/tests/ltp-subset" -j2 CC="$MUSL_CC" OUT="$LTP_OUT"; then
		LTP_ERROR="tests/ltp-subset did not build (see above)"
		return 1
	fi
	mkdir -p "$BUILD/rootfs"
	make_image "$BUILD/rootfs/ltp.cpio" "$(ltp_spec)"
}

# ----------------------------------------------------------------- clean

do_clean() {
	if [ "${1:-}" = --all ]; then
		say "clean: rm -rf $BUILD"
		rm -rf "$BUILD"
		return
	fi
	say "clean: removing build outputs (keeping build/deps; clean --all removes it too)"
	rm -rf "$BUILD/kernel" "$BUILD/tests" "$BUILD/rootfs" "$BUILD/logs" "$BUILD/busybox" \
		"$BUILD/uapi" "$BUILD/deps/toolchain.ok"
}

# ------------------------------------------------------------------ main

cmd=${1:-help}
[ $# -gt 0 ] && shift
case $cmd in
deps)
	lock_build
	do_deps
	say "deps: ready"
	;;
kernel)
	lock_build
	do_deps
	do_kernel || exit 1
	;;
tests)
	lock_build
	do_deps
	do_tests || exit 1
	;;
rootfs)
	lock_build
	do_deps
	do_tests || true
	do_rootfs
	;;
run) do_run "$@" ;;
test) do_test "$@" ;;
clean) do_clean "$@" ;;
bench) do_bench "$@" ;;
help | -h | --help) usage ;;
*)
	usage >&2
	exit 2
	;;
esac
