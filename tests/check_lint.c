/* check_lint.c - bondctl check's findings: per line, per bond, and across files. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lint.h"
#include "ifcfg_keys.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_lint.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Runs the lint on dir; returns its findings in the lint's own output shape. */
static char *lint(int *rc)
{
	struct diags d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	*rc = lint_dir(dir, &d);
	diags_print(&d, fp, NULL, DIAG_STYLE_LINT);
	fclose(fp);
	diags_free(&d);
	return buf;
}

static void copy_tutorial(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "cp ../examples/tutorial/ifcfg-* '%s'/", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void expect(int want_rc, const char *want)
{
	int rc;
	char *got = lint(&rc);

	ck_assert_msg(rc == want_rc, "rc %d, findings:\n%s", rc, got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_tutorial)
{
	copy_tutorial();
	expect(0,
	       "ifcfg-bond0:8: warning: USRCTL: unknown key (did you mean USERCTL?)\n"
	       "ifcfg-bond0:10: warning: BONDING_OPTS: active-backup without miimon or arp_interval: "
	       "a failed link is never detected, so the bond never fails over by itself\n");
}
END_TEST

START_TEST(test_monitor_conflict)
{
	copy_tutorial();
	put("ifcfg-bond0", "DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS=\"mode=1 miimon=100 arp_interval=100\"\n");
	expect(1,
	       "ifcfg-bond0:3: error: BONDING_OPTS: miimon=100 and arp_interval=100: choose one link "
	       "monitor (the kernel runs either MII or ARP monitoring, not both)\n"
	       "ifcfg-bond0:3: warning: BONDING_OPTS: arp_interval=100 without arp_ip_target: no probes "
	       "are sent, so slaves are judged on incidental traffic only\n");
}
END_TEST

START_TEST(test_relations)
{
	put("ifcfg-bond1", "DEVICE=bond1\nBONDING_OPTS=\"mode=1 miimon=100 primary=eth9\"\n");
	put("ifcfg-bond10", "DEVICE=bond10\nTYPE=Bond\n");
	put("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond1\nSLAVE=yes\n");
	put("ifcfg-eth2", "DEVICE=eth2\nMASTER=bond7\nSLAVE=yes\n");
	put("ifcfg-eth3", "DEVICE=eth3\nMASTER=eth4\nSLAVE=yes\n");
	put("ifcfg-eth4", "DEVICE=eth4\n");
	put("ifcfg-eth5", "SLAVE=yes\n");
	put("ifcfg-eth6", "MASTER=bond1\n");
	put("ifcfg-copy", "DEVICE=eth4\n");
	put("ifcfg-eth8", "DEVICE=eth8\n");
	put("ifcfg-eth8.backup", "DEVICE=eth8\n");
	put("ifcfg-x1", "DEVICE=eth9\n");
	put("ifcfg-x2", "DEVICE=eth9\n");
	put("ifcfg-eth7.bak", "this is ignored\n");
	expect(1,
	       "ifcfg-bond1:2: error: BONDING_OPTS: primary=eth9: not a slave of this bond (no ifcfg "
	       "file with MASTER= naming it and SLAVE=yes)\n"
	       "ifcfg-bond10:1: warning: bond bond10 has no slaves (no file with MASTER=bond10 and SLAVE=yes)\n"
	       "ifcfg-bond10:2: warning: no BONDING_OPTS: bond10 is the kernel's default bond, balance-rr without miimon or arp_interval: a failed link is never detected\n"
	       "ifcfg-copy:1: warning: not read: DEVICE=eth4 is configured by ifcfg-eth4, the file named for it (a copy? the legacy scripts skip only names ending in ~ .bak .old .orig .rpmnew .rpmorig .rpmsave)\n"
	       "ifcfg-eth2:2: error: MASTER=bond7: no ifcfg file configures bond7\n"
	       "ifcfg-eth3:2: error: MASTER=eth4: eth4 is not a bond (ifcfg-eth4 has no BONDING_OPTS)\n"
	       "ifcfg-eth5:1: warning: SLAVE=yes without MASTER: not enslaved anywhere\n"
	       "ifcfg-eth6:1: warning: MASTER=bond1 without SLAVE=yes: it will not be enslaved\n"
	       /* A copy of the file named for its device is not read (neither is refused). */
	       "ifcfg-eth8.backup:1: warning: not read: DEVICE=eth8 is configured by ifcfg-eth8, the file named for it (a copy? the legacy scripts skip only names ending in ~ .bak .old .orig .rpmnew .rpmorig .rpmsave)\n"
	       /* Neither named for it: which one is meant is not known, both refused. */
	       "ifcfg-x1:1: error: device eth9 is also configured by ifcfg-x2\n"
	       "ifcfg-x2:1: error: device eth9 is also configured by ifcfg-x1\n");
}
END_TEST

START_TEST(test_bad_lines_and_values)
{
	put("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100 lacp_rate=fastt\"\n"
			   "IPADDR=$(touch /tmp/pwned)\nMTU=12\n");
	put("ifcfg-eth0", "MASTER=bond0\nSLAVE=maybe\n");
	{
		int rc;
		char *got = lint(&rc);

		ck_assert_int_eq(rc, 1);
		ck_assert_msg(strstr(got, "ifcfg-bond0:2: error: BONDING_OPTS: lacp_rate=fastt: invalid value (expected slow, fast, 0, 1)\n"), "%s", got);
		ck_assert_msg(strstr(got, "ifcfg-bond0:3: error: "), "%s", got);
		ck_assert_msg(strstr(got, "ifcfg-bond0:4: error: MTU"), "%s", got);
		ck_assert_msg(strstr(got, "ifcfg-eth0:2: error: SLAVE"), "%s", got);
		ck_assert_int_eq(access("/tmp/pwned", F_OK), -1);
		free(got);
	}
}
END_TEST

START_TEST(test_not_applied_is_said)
{
	put("ifcfg-bond5", "DEVICE=bond5\nBONDING_OPTS=\"mode=4\"\nBOOTPROTO=dhcp\nEXTRA_ROUTE_OPTS=\"mtu 1400\"\n");
	put("ifcfg-eth0", "MASTER=bond5\nSLAVE=yes\n");
	expect(0, "ifcfg-bond5:4: warning: EXTRA_ROUTE_OPTS: not applied yet: options for the routes of the device's addresses are not applied\n");
}
END_TEST

START_TEST(test_slave_link_keys)
{
	put("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100\"\n");
	put("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nIPADDR=10.0.0.1\nPREFIX=24\n");
	put("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nMTU=9000\n");
	expect(0,
	       "ifcfg-eth0:4: warning: IPADDR: ignored on a bond slave (set it in bond0's file)\n"
	       "ifcfg-eth1:4: warning: MTU: ignored on a bond slave (set it in bond0's file)\n");
}
END_TEST

START_TEST(test_two_default_routes)
{
	put("ifcfg-eth2", "DEVICE=eth2\nIPADDR=10.0.0.2\nPREFIX=24\nGATEWAY=10.0.0.1\n");
	put("ifcfg-eth3", "DEVICE=eth3\nIPADDR=10.0.1.2\nPREFIX=24\nGATEWAY=10.0.1.1\n");
	put("ifcfg-eth4", "DEVICE=eth4\nIPADDR=10.0.2.2\nPREFIX=24\nGATEWAY=10.0.2.1\nDEFROUTE=no\n");
	expect(0,
	       "ifcfg-eth3:4: warning: GATEWAY: ifcfg-eth2 also sets a default route: only the device "
	       "brought up first gets one (set DEFROUTE=no in all files but one)\n");
}
END_TEST

START_TEST(test_vlans)
{
	put("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100\"\n");
	put("ifcfg-eth0", "MASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\n");
	put("ifcfg-vlan7", "DEVICE=vlan7\nTYPE=Vlan\nPHYSDEV=bond0\nVLAN_ID=7\n");
	put("ifcfg-vlan8", "DEVICE=vlan8\nVLAN=yes\n");
	put("ifcfg-bond0.5000", "VLAN=yes\n");
	put("ifcfg-eth9.2", "DEVICE=eth9.2\nVLAN=yes\n");
	expect(1,
	       "ifcfg-bond0.5000:1: error: VLAN_ID: '5000' is not a VLAN id from 1 to 4094\n"
	       "ifcfg-eth9.2:2: warning: eth9.2: no ifcfg file configures its lower device eth9, which must exist when eth9.2 comes up\n"
	       "ifcfg-vlan8:2: error: VLAN: DEVICE vlan8 gives the id but not the lower device: set PHYSDEV\n");
}
END_TEST


/* Bridges: keys known, their ports checked against the graph. */
START_TEST(test_bridges)
{
	put("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nSTP=on\nDELAY=2\nPRIO=100\nAGEING=300\n"
	    "BRIDGE_MACADDR=02:00:00:00:00:01\nBRIDGING_OPTS=\"multicast_snooping=0\"\n");
	put("ifcfg-eth0", "DEVICE=eth0\nBRIDGE=br0\nBRIDGING_OPTS=\"path_cost=4\"\nIPADDR=10.1.1.1\nPREFIX=24\n");
	put("ifcfg-eth1", "DEVICE=eth1\nBRIDGE=br9\n");
	put("ifcfg-eth2", "DEVICE=eth2\nBRIDGING_OPTS=\"path_cost=4\"\n");
	expect(1,
	       "ifcfg-eth0:4: warning: IPADDR: ignored on a bridge port (set it in br0's file)\n"
	       "ifcfg-eth1:2: error: BRIDGE=br9: no ifcfg file configures br9\n"
	       "ifcfg-eth2:2: warning: BRIDGING_OPTS: ignored: eth2 is neither a bridge (TYPE=Bridge) nor a bridge port (BRIDGE=)\n");
}
END_TEST

/* A generated file of many unknown keys: twenty reported, the rest counted. */
START_TEST(test_many_unknown_keys)
{
	char *text = NULL, *got;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	fputs("DEVICE=eth0\n", fp);
	for (int i = 0; i < 1000; i++)
		fprintf(fp, "ZZ%d=1\n", i);
	fclose(fp);
	put("ifcfg-eth0", text);
	free(text);
	got = lint(&rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(got, "ifcfg-eth0:21: warning: ZZ19: unknown key\n"
					  "ifcfg-eth0:22: warning: 980 more keys from here on that are unknown or not applied, not listed one by one\n"));
	ck_assert_ptr_null(strstr(got, "ZZ20"));
	free(got);
}
END_TEST

/* fuzz_graph: an empty directory's findings were sorted with memcpy(NULL, ..., 0),
 * which UBSan (fatal in these tests) refuses. */
START_TEST(test_empty_dir)
{
	int rc;
	char *got = lint(&rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

START_TEST(test_known_keys)
{
	const struct ifcfg_key *k;

	ck_assert_ptr_nonnull(k = ifcfg_key_find("USERCTL"));
	ck_assert_int_eq(k->status, KEY_UNSUPPORTED);
	/* KEYn rows, plain rows and prefix rows. */
	ck_assert_ptr_nonnull(k = ifcfg_key_find("IPADDR2"));
	ck_assert_str_eq(k->name, "IPADDR");
	ck_assert_int_eq(k->status, KEY_APPLIED);
	ck_assert_ptr_nonnull(k = ifcfg_key_find("GATEWAY"));
	ck_assert_int_eq(k->status, KEY_APPLIED);
	ck_assert_ptr_nonnull(k = ifcfg_key_find("GATEWAY0"));
	ck_assert_int_eq(k->status, KEY_UNSUPPORTED);
	ck_assert_ptr_nonnull(k = ifcfg_key_find("IEEE_8021X_IDENTITY"));
	ck_assert_str_eq(k->name, "IEEE_8021X_");
	ck_assert_ptr_nonnull(k = ifcfg_key_find("DNS3"));
	ck_assert_int_eq(k->status, KEY_APPLIED);
	ck_assert_ptr_null(ifcfg_key_find("DNS"));
	ck_assert_ptr_nonnull(k = ifcfg_key_find("IPADDR_START"));
	ck_assert_int_eq(k->status, KEY_PLANNED);
	ck_assert_int_eq(k->issue, 8);
	ck_assert_ptr_null(ifcfg_key_find("MTU1"));
	ck_assert_ptr_null(ifcfg_key_find("BONDNG_OPTS"));
	ck_assert_str_eq(ifcfg_key_closest("BONDNG_OPTS"), "BONDING_OPTS");
	ck_assert_ptr_null(ifcfg_key_find("XYZZY"));
	ck_assert_ptr_null(ifcfg_key_closest("XYZZY"));
}
END_TEST

/* The table is what ifcfg_key_find() searches: sorted, each row complete. */
START_TEST(test_key_table)
{
	size_t n;
	const struct ifcfg_key *k = ifcfg_keys(&n);

	ck_assert_uint_gt(n, 100);
	for (size_t i = 0; i < n; i++) {
		const char *why = k[i].why;
		char key[64];

		if (i)
			ck_assert_msg(strcmp(k[i - 1].name, k[i].name) < 0 ||
				      (!strcmp(k[i - 1].name, k[i].name) &&
				       (k[i].flags & KEYF_NUM_ONLY) && !(k[i - 1].flags & KEYF_NUM_ONLY)),
				      "row %s after %s", k[i].name, k[i - 1].name);
		/* Each row is the one found for the keys it stands for. */
		snprintf(key, sizeof(key), "%s%s", k[i].name,
			 k[i].flags & KEYF_PREFIX ? "X" : k[i].flags & KEYF_NUM_ONLY ? "7" : "");
		ck_assert_msg(ifcfg_key_find(key) == &k[i], "%s: not found as its row", key);
		ck_assert_msg((k[i].status == KEY_APPLIED) == (why == NULL), "%s: why", k[i].name);
		ck_assert_msg((k[i].status == KEY_PLANNED) == (k[i].issue != 0), "%s: issue",
			      k[i].name);
		ck_assert_msg(k[i].status == KEY_APPLIED || k[i].where == KW_ANY, "%s: where",
			      k[i].name);
		/* The reason reads on after "KEY: not applied: " and in the manual. */
		ck_assert_msg(!why || (why[0] && !strchr(why, '\n') && why[strlen(why) - 1] != '.'),
			      "%s: reason", k[i].name);
	}
}
END_TEST

/* Every key a file states is applied, or said at its line. */
START_TEST(test_keys_said)
{
	put("ifcfg-eth0",
	    "DEVICE=eth0\n"			/* 1 applied */
	    "NAME=\"System eth0\"\n"		/* 2 a label: nothing to say */
	    "UUID=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\n"
	    "IPV6INIT=yes\n"			/* 4 IPv6 as the kernel has it */
	    "IPV6_AUTOCONF=yes\n"		/* 5 the kernel's default */
	    "IPV6_AUTOCONF=no\n"		/* 6 applied */
	    "USERCTL=no\n"			/* 7 quiet */
	    "USERCTL=yes\n"			/* 8 */
	    "IPADDR_START=192.0.2.10\n"		/* 9 planned */
	    "ZONE=internal\n"			/* 10 not applied; DEV is eth0 */
	    "STP=on\n"				/* 11 bridges only */
	    "VID=10\n"				/* 12 VLANs only */
	    "BOND_PORT_PRIO=3\n"		/* 13 bond slaves only */
	    "NETWORKING=no\n"			/* 14 /etc/sysconfig/network's */
	    "TYPE=Team\n"			/* 15 no kind of ours */
	    "IEEE_8021X_IDENTITY=me\n"		/* 16 a family of keys */
	    "HWADDR=\n"				/* 17 empty: asks for nothing */
	    "ONBOOOT=yes\n");		/* 18 a typo */
	expect(0,
	       "ifcfg-eth0:8: warning: USERCTL: not applied: ifup is for root only (there is no usernetctl)\n"
	       "ifcfg-eth0:9: warning: IPADDR_START: not applied yet: read from ifcfg-eth0-range files, which are not applied yet\n"
	       "ifcfg-eth0:10: warning: ZONE: not applied: the firewalld zone is not set (firewall-cmd --permanent --zone=ZONE --change-interface=eth0)\n"
	       "ifcfg-eth0:11: warning: STP: ignored: eth0 is not a bridge (TYPE=Bridge)\n"
	       "ifcfg-eth0:12: warning: VID: ignored: eth0 is not a VLAN (VLAN=yes or TYPE=Vlan)\n"
	       "ifcfg-eth0:13: warning: BOND_PORT_PRIO: ignored: eth0 is not a bond slave (MASTER= with SLAVE=yes)\n"
	       "ifcfg-eth0:14: warning: NETWORKING: ignored: read from /etc/sysconfig/network, not from an ifcfg file\n"
	       "ifcfg-eth0:15: warning: TYPE: 'Team' is not a type ifcfg-bond configures (Ethernet, Bond, Bridge, Vlan): eth0 is brought up as a plain device\n"
	       "ifcfg-eth0:16: warning: IEEE_8021X_IDENTITY: not applied: 802.1X authentication is not configured (wpa_supplicant)\n"
	       "ifcfg-eth0:18: warning: ONBOOOT: unknown key (did you mean ONBOOT?)\n");
}
END_TEST

/* A gateway the device cannot reach: refused before the addresses are applied. */
START_TEST(test_gateway_unreachable)
{
	put("ifcfg-eth0", "DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nIPADDR1=10.0.0.1\nPREFIX1=8\nGATEWAY=198.51.100.1\n");
	put("ifcfg-eth1", "DEVICE=eth1\nIPADDR=192.0.2.129\nPREFIX=25\nGATEWAY=192.0.2.254\n");
	put("ifcfg-eth2", "DEVICE=eth2\nIPADDR=203.0.113.1\nPREFIX=24\nGATEWAY=198.51.100.1\nDEFROUTE=no\n");
	/* A warning: the rest of eth0 still comes up, and the kernel's refusal of the
	 * route is said when it comes. */
	expect(0, "ifcfg-eth0:6: warning: GATEWAY: 198.51.100.1 is in no subnet of eth0's addresses and no route of its route files reaches it: the kernel will refuse the default route\n"
		  "ifcfg-eth1:4: warning: GATEWAY: ifcfg-eth0 also sets a default route: only the device brought up first gets one (set DEFROUTE=no in all files but one)\n");
	/* A host route to it in route-eth0 puts it on the link. */
	put("route-eth0", "198.51.100.1 dev eth0\n");
	expect(0, "ifcfg-eth1:4: warning: GATEWAY: ifcfg-eth0 also sets a default route: only the device brought up first gets one (set DEFROUTE=no in all files but one)\n");
}
END_TEST

/* Two files for one NIC, and a HWADDR that is no MAC address. */
START_TEST(test_hwaddr_twice)
{
	put("ifcfg-eth0", "DEVICE=eth0\nHWADDR=52:54:00:12:34:56\n");
	put("ifcfg-eth1", "DEVICE=eth1\nHWADDR=52:54:00:12:34:57\n");
	put("ifcfg-lan", "DEVICE=lan\nONBOOT=no\nHWADDR=52:54:00:12:34:56\n");
	put("ifcfg-eth2", "DEVICE=eth2\nHWADDR=52:54:00:12:34\n");
	expect(1,
	       "ifcfg-eth2:2: error: HWADDR: '52:54:00:12:34' is not a MAC address (xx:xx:xx:xx:xx:xx)\n"
	       "ifcfg-lan:3: error: HWADDR: ifcfg-eth0 gives the same address (line 2): one NIC cannot be both eth0 and lan\n");
}
END_TEST

/* What NetworkManager writes on RHEL 8 for a static NIC: every key applied or
 * asking for nothing, so nothing is said. */
START_TEST(test_nm_written_file)
{
	put("ifcfg-eth0",
	    "TYPE=Ethernet\nPROXY_METHOD=none\nBROWSER_ONLY=no\nBOOTPROTO=none\n"
	    "DEFROUTE=yes\nIPV4_FAILURE_FATAL=no\nIPV6INIT=yes\nIPV6_AUTOCONF=yes\n"
	    "IPV6_DEFROUTE=yes\nIPV6_FAILURE_FATAL=no\nIPV6_ADDR_GEN_MODE=stable-privacy\n"
	    "NAME=eth0\nUUID=2c2b5f3e-9a2e-4d0f-8a1c-1f0e1e1e1e1e\nDEVICE=eth0\nONBOOT=yes\n"
	    "IPADDR=192.0.2.10\nPREFIX=24\n");
	expect(0, "");
}
END_TEST

/* bondctl check finds what the device graph finds: a cycle of lower devices. */
START_TEST(test_cycle)
{
	int rc;
	char *t;

	put("ifcfg-x", "DEVICE=x\nVLAN=yes\nPHYSDEV=y\nVLAN_ID=2\n");
	put("ifcfg-y", "DEVICE=y\nVLAN=yes\nPHYSDEV=x\nVLAN_ID=3\n");
	t = lint(&rc);
	ck_assert_int_eq(rc, 1);
	ck_assert_str_eq(t, "ifcfg-x:3: error: x: cannot be ordered: its lower device y sits on a cycle of lower devices and controllers\n"
			    "ifcfg-y:3: error: y: cannot be ordered: its lower device x sits on a cycle of lower devices and controllers\n");
	free(t);
}
END_TEST

Suite *lint_suite(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("dir");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tutorial);
	tcase_add_test(tc, test_monitor_conflict);
	tcase_add_test(tc, test_relations);
	tcase_add_test(tc, test_bad_lines_and_values);
	tcase_add_test(tc, test_not_applied_is_said);
	tcase_add_test(tc, test_slave_link_keys);
	tcase_add_test(tc, test_two_default_routes);
	tcase_add_test(tc, test_vlans);
	tcase_add_test(tc, test_bridges);
	tcase_add_test(tc, test_known_keys);
	tcase_add_test(tc, test_key_table);
	tcase_add_test(tc, test_keys_said);
	tcase_add_test(tc, test_nm_written_file);
	tcase_add_test(tc, test_hwaddr_twice);
	tcase_add_test(tc, test_gateway_unreachable);
	tcase_add_test(tc, test_many_unknown_keys);
	tcase_add_test(tc, test_empty_dir);
	tcase_add_test(tc, test_cycle);
	suite_add_tcase(s, tc);
	return s;
}
