# Sourced by the deps steps: apt-get that waits for another package
# manager instead of failing when it holds the lock (unattended-upgrades,
# another make, a person's apt). Installs wait on dpkg's and the cache's
# locks with DPkg::Lock::Timeout; `apt-get update` does not honour that
# option for the lists lock, so it is retried while the lock is held.

apt_lock_wait=${APT_LOCK_WAIT:-600} # seconds
apt_updated=0

# as_root reports whether packages can be installed here.
as_root() { [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; }

# apt_update runs apt-get update once per script, waiting for the lock.
apt_update() {
	[[ $apt_updated -eq 1 ]] && return 0
	local waited=0 out
	until out=$(apt-get -qq -o DPkg::Lock::Timeout="$apt_lock_wait" update 2>&1); do
		if ! grep -qE 'Could not get lock|Unable to lock' <<<"$out" || ((waited >= apt_lock_wait)); then
			printf '%s\n' "$out" >&2
			return 1
		fi
		((waited == 0)) && echo "apt: another package manager holds the lock; waiting up to ${apt_lock_wait}s" >&2
		sleep 5
		waited=$((waited + 5))
	done
	apt_updated=1
}

# apt_install installs packages (after one update), waiting for the lock.
apt_install() {
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get -qq -y --no-install-recommends \
		-o DPkg::Lock::Timeout="$apt_lock_wait" install "$@" >/dev/null
}
