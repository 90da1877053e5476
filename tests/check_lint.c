/* check_lint.c - bondctl check's findings: per line, per bond, and across files. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bond_lint.h"

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

	*rc = bond_lint_dir(dir, &d);
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
	       "ifcfg-bond0:8: warning: unknown key USRCTL (did you mean USERCTL?)\n"
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
	put("ifcfg-eth7.bak", "this is ignored\n");
	expect(1,
	       "ifcfg-bond1:2: error: BONDING_OPTS: primary=eth9: not a slave of this bond (no ifcfg "
	       "file with MASTER= naming it and SLAVE=yes)\n"
	       "ifcfg-bond10:1: warning: bond bond10 has no slaves (no file with MASTER=bond10 and SLAVE=yes)\n"
	       "ifcfg-copy:1: error: device eth4 is also configured by ifcfg-eth4\n"
	       "ifcfg-eth2:2: error: MASTER=bond7: no ifcfg file configures bond7\n"
	       "ifcfg-eth3:2: error: MASTER=eth4: eth4 is not a bond (ifcfg-eth4 has no BONDING_OPTS)\n"
	       "ifcfg-eth4:1: error: device eth4 is also configured by ifcfg-copy\n"
	       "ifcfg-eth5:1: warning: SLAVE=yes without MASTER: not enslaved anywhere\n"
	       "ifcfg-eth6:1: warning: MASTER=bond1 without SLAVE=yes: it will not be enslaved\n");
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
	put("ifcfg-bond5", "DEVICE=bond5\nBONDING_OPTS=\"mode=4\"\nBOOTPROTO=dhcp\nIPV6ADDR=2001:db8::5/64\n");
	put("ifcfg-eth0", "MASTER=bond5\nSLAVE=yes\n");
	expect(0,
	       "ifcfg-bond5:3: warning: BOOTPROTO=dhcp: no DHCP client is started here; the link "
	       "comes up without an address and a DHCP client must run on bond5\n"
	       "ifcfg-bond5:4: warning: IPV6ADDR: IPv6 configuration is not applied by ifcfg-bond\n");
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
	ck_assert_ptr_nonnull(strstr(got, "ifcfg-eth0:21: warning: unknown key ZZ19\n"
					  "ifcfg-eth0:22: warning: 980 more unknown keys from here on, not listed one by one\n"));
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
	const char *s;

	ck_assert_int_eq(bond_lint_known_key("USERCTL", &s), 1);
	ck_assert_int_eq(bond_lint_known_key("IPADDR2", &s), 1);
	ck_assert_int_eq(bond_lint_known_key("BONDNG_OPTS", &s), 0);
	ck_assert_str_eq(s, "BONDING_OPTS");
	ck_assert_int_eq(bond_lint_known_key("XYZZY", &s), 0);
	ck_assert_ptr_null(s);
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
	tcase_add_test(tc, test_many_unknown_keys);
	tcase_add_test(tc, test_empty_dir);
	tcase_add_test(tc, test_cycle);
	suite_add_tcase(s, tc);
	return s;
}
