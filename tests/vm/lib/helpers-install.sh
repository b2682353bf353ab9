# The installed tree (sourced by helpers.sh): what a user gets from
# "cmake --install", in the guest's root, with the host's block stack
# around it (udevd, lvm2's and kpartx's udev rules).

# mpx_install_tree: install the build into a staged root (DESTDIR), copy
# that into the guest's root as a package would land, mask multipath-tools'
# own udev rules (as an admin replacing it would: links to /dev/null in
# /etc/udev/rules.d), and run udevd with libdevmapper waiting for it.
mpx_install_tree() {
	# (staged in the guest's tmpfs: the results share writes slowly)
	local stage r
	stage=$(mktemp -d /tmp/mpx-stage.XXXXXX)
	DESTDIR=$stage cmake --install "$MPX_BUILD" > install.log 2>&1 ||
		{ cat install.log; fail "cmake --install failed"; }
	# the host's root keeps its directory symlinks (/lib -> usr/lib)
	tar -C "$stage" -cf - . | tar -C / --keep-directory-symlink -xf - ||
		fail "cannot copy the staged tree into the root"
	mkdir -p /etc/udev/rules.d
	for r in 56-dm-mpath.rules 60-multipath.rules; do
		ln -sf /dev/null "/etc/udev/rules.d/$r"
	done
	# dmsetup and mpxd wait for udev's rules (cookies) instead of making nodes
	unset DM_DISABLE_UDEV
	udev_start
	udevadm control --reload
}

# udev_prop DEV NAME: a property of a device in udev's database ("" if none).
udev_prop() {
	udevadm info --query=property --name="$1" | sed -n "s/^$2=//p"
}
