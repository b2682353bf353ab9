#!/bin/bash
# Print the kernel log lines that mean the kernel misbehaved (oops, BUG,
# WARNING, lockdep, hung task, sanitizer); exit 1 if there are any.
# Each line is printed once, even when scenarios share one boot.
seen=/run/mpx-dmesg-seen
touch "$seen"
pat='Oops|BUG:|kernel BUG|WARNING:|general protection fault|Call Trace|RIP:|blocked for more than|UBSAN:|KASAN:|stack-protector|list_add corruption|list_del corruption|refcount_t:|possible circular locking|INFO: rcu_|rcu_sched self-detected|soft lockup|hard LOCKUP|double fault|BAD page'
new=$(dmesg | grep -E "$pat" | grep -vxF -f "$seen")
[ -z "$new" ] && exit 0
printf '%s\n' "$new" | tee -a "$seen"
exit 1
