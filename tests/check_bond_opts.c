/* check_bond_opts.c - the option table, BONDING_OPTS parsing and the cross-option checks. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "bond_opts.h"

/* Messages of d joined as "L:sev:msg\n" lines. */
static char *joined(const struct diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	for (size_t i = 0; i < d->n; i++)
		fprintf(fp, "%d:%s:%s\n", d->v[i].line,
			d->v[i].sev == DIAG_ERROR ? "error" : "warning", d->v[i].msg);
	fclose(fp);
	return buf;
}

static int parse(const char *text, struct bond_opts *o, char **msgs)
{
	struct diags d = { 0 };
	int rc;

	memset(o, 0, sizeof(*o));
	rc = bond_opts_parse(text, "f", 7, o, &d);
	if (!rc)
		rc = bond_opts_validate(o, NULL, 0, "f", 7, &d);
	*msgs = joined(&d);
	diags_free(&d);
	return rc;
}

static void expect(const char *text, int rc, const char *msgs)
{
	struct bond_opts o;
	char *m;
	int got = parse(text, &o, &m);

	ck_assert_msg(got == rc, "%s: rc %d, messages:\n%s", text, got, m);
	ck_assert_str_eq(m, msgs);
	free(m);
}

START_TEST(test_table_shape)
{
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		ck_assert_int_eq(o->id, id);
		ck_assert_ptr_nonnull(o->name);
		ck_assert_ptr_eq(bond_opt_by_name(o->name), o);
		ck_assert_ptr_nonnull(o->since);
		ck_assert_msg(o->modes && !(o->modes & ~BM_ALL), "%s modes", o->name);
		/* Appliable rows have a kernel knob; sysfs-less rows are flagged netlink-only. */
		if (o->phase != BPH_NONE) {
			ck_assert_msg(o->nla > 0 && o->nla <= 34, "%s nla", o->name);
			ck_assert_msg(!o->sysfs == !!(o->flags & BOF_NL_ONLY), "%s sysfs", o->name);
		} else {
			ck_assert_int_eq(o->nla, 0);
		}
		ck_assert_msg(!(o->flags & BOF_NOSLAVES) || o->phase == BPH_NOSLAVES, "%s", o->name);
		ck_assert_msg(!(o->flags & BOF_IFDOWN) || o->phase <= BPH_IFDOWN, "%s", o->name);
		for (int j = 0; j < id; j++)
			ck_assert_msg(!o->nla || bond_opt_get(j)->nla != o->nla, "%s nla twice", o->name);
	}
	ck_assert(bond_opts_keys_sorted());
	ck_assert_ptr_eq(bond_opt_by_name("num_unsol_na"), bond_opt_get(BOPT_NUM_PEER_NOTIF));
	ck_assert_ptr_null(bond_opt_by_name("nosuch"));
	ck_assert_ptr_null(bond_opt_by_name(""));
}
END_TEST

/* Every value of every enum round-trips name <-> number, both ways through the parser. */
START_TEST(test_enum_round_trip)
{
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		if (o->type != BOT_ENUM)
			continue;
		for (const struct bond_opt_value *v = o->values; v->name; v++) {
			struct bond_opts a = { 0 }, b = { 0 };
			char num[16], err[256], buf[64];

			ck_assert_int_eq(bond_opt_parse_value(o, v->name, &a, err, sizeof(err)), 0);
			snprintf(num, sizeof(num), "%u", v->value);
			ck_assert_int_eq(bond_opt_parse_value(o, num, &b, err, sizeof(err)), 0);
			ck_assert_uint_eq(a.num[id], v->value);
			ck_assert(bond_opt_equal(&a, &b, id));
			ck_assert_str_eq(bond_opt_value_name(o, v->value), v->name);
			ck_assert_str_eq(bond_opt_format(&a, id, buf, sizeof(buf)), v->name);
			ck_assert(BOND_HAS(&a, id));
		}
	}
}
END_TEST

/* Every default passes its own validator, and "default" means it. */
START_TEST(test_defaults_valid)
{
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);
		struct bond_opts a = { 0 };
		char val[32], err[256];

		if (o->type != BOT_ENUM && o->type != BOT_UINT)
			continue;
		snprintf(val, sizeof(val), "%u", o->def);
		ck_assert_msg(bond_opt_parse_value(o, val, &a, err, sizeof(err)) == 0, "%s=%s: %s",
			      o->name, val, err);
		ck_assert_uint_eq(a.num[id], o->def);
		memset(&a, 0, sizeof(a));
		ck_assert_int_eq(bond_opt_parse_value(o, "default", &a, err, sizeof(err)), 0);
		ck_assert_uint_eq(a.num[id], o->def);
		if (o->type == BOT_UINT) {
			snprintf(val, sizeof(val), "%u", o->max);
			ck_assert_int_eq(bond_opt_parse_value(o, val, &a, err, sizeof(err)), 0);
			snprintf(val, sizeof(val), "%llu", (unsigned long long)o->max + 1);
			ck_assert_int_eq(bond_opt_parse_value(o, val, &a, err, sizeof(err)), -1);
		}
	}
	/* A bond with nothing given is valid in every mode. */
	for (unsigned m = 0; m < BOND_MODE_COUNT; m++) {
		struct bond_opts o = { 0 };
		struct diags d = { 0 };

		o.num[BOPT_MODE] = m;
		o.has = 1ull << BOPT_MODE;
		bond_opts_fill_defaults(&o);
		ck_assert_int_eq(bond_opts_validate(&o, NULL, 0, "f", 1, &d), 0);
		ck_assert_uint_eq(o.num[BOPT_MIIMON], m >= BOND_MODE_8023AD ? 100 : 0);
		ck_assert_uint_eq(o.num[BOPT_LACP_ACTIVE], 1);
		diags_free(&d);
	}
}
END_TEST

START_TEST(test_numeric_aliases)
{
	struct bond_opts o;
	char *m;

	ck_assert_int_eq(parse("mode=1", &o, &m), 0);
	free(m);
	ck_assert_uint_eq(o.num[BOPT_MODE], BOND_MODE_AB);
	ck_assert_int_eq(parse("mode=802.3ad miimon=maxval lacp_rate=1 xmit_hash_policy=layer3+4",
			       &o, &m), 0);
	ck_assert_str_eq(m, "");
	free(m);
	ck_assert_uint_eq(o.num[BOPT_MODE], BOND_MODE_8023AD);
	ck_assert_uint_eq(o.num[BOPT_MIIMON], INT_MAX);
	ck_assert_uint_eq(o.num[BOPT_LACP_RATE], 1);
	ck_assert_uint_eq(o.num[BOPT_XMIT_HASH_POLICY], 1);
	ck_assert_int_eq(o.line[BOPT_MODE], 7);
	ck_assert_int_eq(parse("mode=1 miimon=off num_unsol_na=3 mode=balance-rr", &o, &m), 0);
	free(m);
	ck_assert_uint_eq(o.num[BOPT_MODE], BOND_MODE_RR);	/* last wins */
	ck_assert_uint_eq(o.num[BOPT_NUM_PEER_NOTIF], 3);
}
END_TEST

START_TEST(test_value_errors)
{
	expect("lacp_rate=fastt", -1,
	       "7:error:BONDING_OPTS: lacp_rate=fastt: invalid value (expected slow, fast, 0, 1)\n");
	expect("mode=7", -1,
	       "7:error:BONDING_OPTS: mode=7: invalid value (expected balance-rr, active-backup, "
	       "balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb, 0, 1, 2, 3, 4, 5, 6)\n");
	expect("miimon=-1", -1,
	       "7:error:BONDING_OPTS: miimon=-1: invalid value (expected a number 0-2147483647, off, maxval)\n");
	expect("miimon=99999999999", -1,
	       "7:error:BONDING_OPTS: miimon=99999999999: invalid value (expected a number 0-2147483647, off, maxval)\n");
	expect("resend_igmp=256", -1,
	       "7:error:BONDING_OPTS: resend_igmp=256: invalid value (expected a number 0-255, off, maxval)\n");
	expect("miimone=100", -1,
	       "7:error:BONDING_OPTS: miimone=100: unknown option (did you mean miimon?)\n");
	expect("frobnicate=1", -1, "7:error:BONDING_OPTS: frobnicate=1: unknown option\n");
	expect("miimon", -1, "7:error:BONDING_OPTS: miimon: expected key=value\n");
	expect("slaves=eth0", -1,
	       "7:error:BONDING_OPTS: slaves=eth0: not set here: each slave's file names its bond with MASTER= and SLAVE=yes\n");
	expect("max_bonds=2", 0,
	       "7:warning:BONDING_OPTS: max_bonds=2: a bonding module parameter, not a bond option; ignored (set it in /etc/modprobe.d)\n");
	expect("mode=4 ad_actor_system=01:00:5e:00:00:01", -1,
	       "7:error:BONDING_OPTS: ad_actor_system=01:00:5e:00:00:01: multicast address (the kernel needs a unicast MAC)\n");
	expect("mode=4 ad_actor_system=00:11:22:33:44", -1,
	       "7:error:BONDING_OPTS: ad_actor_system=00:11:22:33:44: invalid value (expected a unicast MAC address xx:xx:xx:xx:xx:xx)\n");
	expect("mode=1 primary=a/b", -1,
	       "7:error:BONDING_OPTS: primary=a/b: invalid value (expected an interface name, or empty for none)\n");
	/* Errors do not stop the parse: every bad option is reported. */
	expect("mode=x miimon=y", -1,
	       "7:error:BONDING_OPTS: mode=x: invalid value (expected balance-rr, active-backup, "
	       "balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb, 0, 1, 2, 3, 4, 5, 6)\n"
	       "7:error:BONDING_OPTS: miimon=y: invalid value (expected a number 0-2147483647, off, maxval)\n");
}
END_TEST

START_TEST(test_targets)
{
	struct bond_opts o;
	char *m, buf[512];

	ck_assert_int_eq(parse("arp_interval=1000 arp_ip_target=192.168.122.2,192.168.122.1", &o, &m), 0);
	free(m);
	ck_assert_uint_eq(o.n_arp_ip_target, 2);
	ck_assert_str_eq(bond_opt_format(&o, BOPT_ARP_IP_TARGET, buf, sizeof(buf)),
			 "192.168.122.1,192.168.122.2");	/* normalised: sorted */
	/* +/- items and repeated keys accumulate, as successive sysfs writes would. */
	ck_assert_int_eq(parse("arp_interval=1 arp_ip_target=+10.0.0.1,+10.0.0.2 arp_ip_target=10.0.0.3 "
			       "arp_ip_target=-10.0.0.1", &o, &m), 0);
	free(m);
	ck_assert_str_eq(bond_opt_format(&o, BOPT_ARP_IP_TARGET, buf, sizeof(buf)), "10.0.0.2,10.0.0.3");
	expect("arp_interval=1 arp_ip_target=10.0.0.1,10.0.0.1", -1,
	       "7:error:BONDING_OPTS: arp_ip_target=10.0.0.1,10.0.0.1: 10.0.0.1: listed twice\n");
	expect("arp_interval=1 arp_ip_target=0.1.2.3", -1,
	       "7:error:BONDING_OPTS: arp_ip_target=0.1.2.3: 0.1.2.3: the kernel refuses 0.0.0.0/8 and 255.255.255.255 as targets\n");
	expect("arp_interval=1 arp_ip_target=10.0.0.1,,10.0.0.2", -1,
	       "7:error:BONDING_OPTS: arp_ip_target=10.0.0.1,,10.0.0.2: empty address in the list\n");
	expect("arp_interval=1 arp_ip_target=10.0.0.256", -1,
	       "7:error:BONDING_OPTS: arp_ip_target=10.0.0.256: 10.0.0.256: not an IPv4 address\n");
	expect("arp_interval=1 arp_ip_target=1.0.0.1,1.0.0.2,1.0.0.3,1.0.0.4,1.0.0.5,1.0.0.6,1.0.0.7,"
	       "1.0.0.8,1.0.0.9,1.0.0.10,1.0.0.11,1.0.0.12,1.0.0.13,1.0.0.14,1.0.0.15,1.0.0.16,1.0.0.17", -1,
	       "7:error:BONDING_OPTS: arp_ip_target=1.0.0.1,1.0.0.2,1.0.0.3,1.0.0.4,1.0.0.5,1.0.0.6,"
	       "1.0.0.7,1.0.0.8,1.0.0.9,1.0.0.10,1.0.0.11,1.0.0.12,1.0.0.13,1.0.0.14,1.0.0.15,1.0.0.16,"
	       "1.0.0.17: more than 16 targets (the kernel's limit)\n");
	ck_assert_int_eq(parse("arp_interval=1 ns_ip6_target=2001:db8::2,2001:db8::1", &o, &m), 0);
	free(m);
	ck_assert_str_eq(bond_opt_format(&o, BOPT_NS_IP6_TARGET, buf, sizeof(buf)), "2001:db8::1,2001:db8::2");
	expect("ns_ip6_target=ff02::1", -1,
	       "7:error:BONDING_OPTS: ns_ip6_target=ff02::1: ff02::1: the kernel refuses ::, ::1 and multicast as targets\n");
}
END_TEST

START_TEST(test_cross_checks)
{
	expect("mode=1 miimon=100 arp_interval=100", -1,
	       "7:error:BONDING_OPTS: miimon=100 and arp_interval=100: choose one link monitor (the kernel runs either MII or ARP monitoring, not both)\n"
	       "7:warning:BONDING_OPTS: arp_interval=100 without arp_ip_target: no probes are sent, so slaves are judged on incidental traffic only\n");
	expect("mode=1 updelay=200", -1,
	       "7:error:BONDING_OPTS: updelay=200 needs miimon (the kernel refuses delays while MII monitoring is off)\n"
	       "7:warning:BONDING_OPTS: active-backup without miimon or arp_interval: a failed link is never detected, so the bond never fails over by itself\n");
	expect("mode=1 miimon=100 downdelay=150", 0,
	       "7:warning:BONDING_OPTS: downdelay=150 is not a multiple of miimon=100: the kernel rounds it down to 100\n");
	/* 802.3ad gets miimon 100 from the kernel, so delays are fine there. */
	expect("mode=802.3ad updelay=200", 0, "");
	expect("mode=802.3ad arp_interval=100 arp_ip_target=10.0.0.1", -1,
	       "7:error:BONDING_OPTS: arp_interval=100: not available in mode 802.3ad (the kernel accepts it only in balance-rr, active-backup, balance-xor, broadcast)\n");
	expect("mode=1 miimon=100 lacp_rate=fast", -1,
	       "7:error:BONDING_OPTS: lacp_rate=fast: not available in mode active-backup (the kernel accepts it only in 802.3ad)\n");
	expect("mode=balance-rr", 0, "");
	expect("mode=1", 0,
	       "7:warning:BONDING_OPTS: active-backup without miimon or arp_interval: a failed link is never detected, so the bond never fails over by itself\n");
	expect("mode=1 miimon=100 xmit_hash_policy=layer2+3", 0,
	       "7:warning:BONDING_OPTS: xmit_hash_policy has no effect in mode active-backup\n");
	expect("mode=1 arp_interval=1000 arp_ip_target=192.168.122.1,192.168.122.2 primary=eth1", 0, "");
}
END_TEST

START_TEST(test_primary_must_be_slave)
{
	struct bond_opts o = { 0 };
	struct diags d = { 0 };
	const char *slaves[] = { "eth0", "eth1" };
	char *m;

	ck_assert_int_eq(bond_opts_parse("mode=1 miimon=100 primary=eth2", "ifcfg-bond0", 3, &o, &d), 0);
	ck_assert_int_eq(bond_opts_validate(&o, slaves, 2, "ifcfg-bond0", 3, &d), -1);
	m = joined(&d);
	ck_assert_str_eq(m, "3:error:BONDING_OPTS: primary=eth2: not a slave of this bond (no ifcfg file with MASTER= naming it and SLAVE=yes)\n");
	free(m);
	diags_free(&d);
	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(bond_opts_validate(&o, slaves, 1, "ifcfg-bond0", 3, &d), -1);
	diags_free(&d);
	memset(&d, 0, sizeof(d));
	snprintf(o.primary, sizeof(o.primary), "eth1");
	ck_assert_int_eq(bond_opts_validate(&o, slaves, 2, "ifcfg-bond0", 3, &d), 0);
	diags_free(&d);
}
END_TEST

START_TEST(test_slave_table)
{
	ck_assert_str_eq(bond_slave_opt_table[BSOPT_QUEUE_ID].key, "BOND_PORT_QUEUE_ID");
	for (int i = 0; i < BSOPT_COUNT; i++) {
		ck_assert_int_eq(bond_slave_opt_table[i].id, i);
		ck_assert(bond_slave_opt_table[i].min <= bond_slave_opt_table[i].def);
		ck_assert(bond_slave_opt_table[i].def <= bond_slave_opt_table[i].max);
	}
}
END_TEST

Suite *bond_opts_suite(void)
{
	Suite *s = suite_create("bond_opts");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table_shape);
	tcase_add_test(tc, test_enum_round_trip);
	tcase_add_test(tc, test_defaults_valid);
	tcase_add_test(tc, test_numeric_aliases);
	tcase_add_test(tc, test_value_errors);
	tcase_add_test(tc, test_targets);
	tcase_add_test(tc, test_cross_checks);
	tcase_add_test(tc, test_primary_must_be_slave);
	tcase_add_test(tc, test_slave_table);
	suite_add_tcase(s, tc);
	return s;
}
