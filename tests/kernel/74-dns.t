#!/bin/sh
# resolv.conf as the legacy ifup-post keeps it: the device's DNS1..DNS3 replace the
# nameserver lines, its DOMAIN leads the search line, options and the rest stay;
# written whole (a new inode by rename) with the old file's mode, only when its
# content changes, the old one saved once and put back by the device's ifdown.
# PEERDNS=no leaves it alone; a link (systemd-resolved's stub) is another
# program's, and is not touched.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
mk_dummy eth2
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\nDNS1=192.0.2.53\nDNS2=2001:db8::53\nDOMAIN=example.com\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
echo 'DNS1=198.51.100.1' >> "$CONFDIR/ifcfg-eth1"
printf 'DEVICE=eth2\nIPADDR=198.51.100.2\nPREFIX=24\nDNS1=198.51.100.53\nPEERDNS=no\n' > "$CONFDIR/ifcfg-eth2"

orig='options rotate
# the site resolver
nameserver 10.0.0.1
search corp.example'
printf '%s\n' "$orig" > /etc/resolv.conf
chmod 640 /etc/resolv.conf
rm -f /etc/resolv.conf.save

run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0, the slave's DNS1 ignored with a word" "$rc:$err" \
	"0:ifup-bond: ifcfg-eth1:6: warning: DNS and DOMAIN: ignored on a bond slave (set it in bond0's file)"
is "resolv.conf: options first, the rest kept, bond0's search and nameservers" "$(cat /etc/resolv.conf)" \
'options rotate
# the site resolver
search example.com corp.example
nameserver 192.0.2.53
nameserver 2001:db8::53'
is "... its mode kept" "$(stat -c %a /etc/resolv.conf)" 640
is "... the old file saved" "$(cat /etc/resolv.conf.save)" "$orig"
ino=$(stat -c %i /etc/resolv.conf)

run ifup-bond -v -c "$CONFDIR" bond0
is "a second ifup bond0: nothing to change" "$out" "ifup-bond: bond0: nothing to change"
is "... resolv.conf not rewritten (same inode)" "$(stat -c %i /etc/resolv.conf)" "$ino"

run ifup-bond -c "$CONFDIR" eth2
is "ifup eth2 (PEERDNS=no): resolv.conf untouched" "$rc:$(stat -c %i /etc/resolv.conf)" "0:$ino"

run ifdown-bond -c "$CONFDIR" bond0
is "ifdown bond0: the saved file back" "$rc:$(cat /etc/resolv.conf)" "0:$orig"
is "... and the copy gone" "$(exists /etc/resolv.conf.save)" no
run ifdown-bond -n -c "$CONFDIR" bond0
is "a second ifdown has nothing to put back" "$rc:$out" "0:"

# systemd-resolved's stub: a link, not ours.
printf 'nameserver 127.0.0.53\n' > /run/stub-resolv.conf
ln -sf /run/stub-resolv.conf /etc/resolv.conf
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0 with resolv.conf a link: exit 0, said" "$rc:$err" \
	"0:ifup-bond: ifcfg-eth1:6: warning: DNS and DOMAIN: ignored on a bond slave (set it in bond0's file)
ifup-bond: ifcfg-bond0:5: warning: DNS: /etc/resolv.conf not written: it is a link to /run/stub-resolv.conf, another program's file"
is "... the link and its file as they were" "$(readlink /etc/resolv.conf):$(cat /run/stub-resolv.conf)" \
	"/run/stub-resolv.conf:nameserver 127.0.0.53"
# ... and ifdown does not put a stale save in its place.
printf 'nameserver 10.0.0.1\n' > /etc/resolv.conf.save
run ifdown-bond -c "$CONFDIR" bond0
is "ifdown bond0 with resolv.conf a link: the link kept, the save not put back" \
	"$rc:$(readlink /etc/resolv.conf):$(exists /etc/resolv.conf.save)" "0:/run/stub-resolv.conf:yes"
rm -f /etc/resolv.conf /etc/resolv.conf.save

# A killed run's temporary file is removed by the next write; the owner is kept.
printf 'nameserver 10.0.0.1\n' > /etc/resolv.conf
chown 0:4 /etc/resolv.conf
: > /etc/resolv.conf.ifcfg-bond.Zz9Yx8
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: written, group kept, the stale temporary gone" \
	"$rc:$(grep -c 192.0.2.53 /etc/resolv.conf):$(stat -c %g /etc/resolv.conf):$(exists /etc/resolv.conf.ifcfg-bond.Zz9Yx8)" \
	"0:1:4:no"
# A FIFO in its place does not hang the run: said, not written.
run ifdown-bond -c "$CONFDIR" bond0
rm -f /etc/resolv.conf /etc/resolv.conf.save
mkfifo /etc/resolv.conf
run timeout 20 ifup-bond -c "$CONFDIR" bond0
case $rc:$err in
0:*"DNS: /etc/resolv.conf not written: it cannot be read: Invalid argument"*) pass "resolv.conf a FIFO: said, not hung" ;;
*) fail "resolv.conf a FIFO: said, not hung" ;;
esac
rm -f /etc/resolv.conf
done_testing
