/* check_ethtool.c - ETHTOOL_OPTS: the legacy syntax read as data (a bad word is
 * FILE:LINE, a command for another device an error, an ethtool option not applied a
 * warning), and the planner's diff against the kernel's ethtool state. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ethtool_opts.h"
#include "netcfg.h"
#include "plan.h"

static struct netcfg_ethtool parse_ok(const char *v)
{
	struct netcfg_ethtool e;
	struct diags d = { 0 };

	ck_assert_int_eq(ethtool_parse(v, "eth0", "ifcfg-eth0", 7, &e, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	diags_free(&d);
	return e;
}

static const char *format(const struct netcfg_ethtool *e, enum eth_group g)
{
	static char buf[1024];

	ethtool_format(e, g, "eth0", buf, sizeof(buf));
	return buf;
}

/* Both legacy forms, several commands, ethtool's short names expanded. */
START_TEST(test_syntax)
{
	struct netcfg_ethtool e = parse_ok("-K eth0 tso off gro on ; --set-ring eth0 rx 4096 tx 4096;"
					   "-L eth0 combined 4;speed 1000 duplex full autoneg off wol g");

	ck_assert_uint_eq(e.groups, 0xf);
	ck_assert_str_eq(format(&e, ETH_FEATURES),
			 "ethtool -K eth0 tx-tcp-segmentation off tx-tcp-ecn-segmentation off "
			 "tx-tcp-mangleid-segmentation off tx-tcp6-segmentation off rx-gro on");
	ck_assert_str_eq(format(&e, ETH_RINGS), "ethtool -G eth0 rx 4096 tx 4096");
	ck_assert_str_eq(format(&e, ETH_CHANNELS), "ethtool -L eth0 combined 4");
	ck_assert_str_eq(format(&e, ETH_LINK), "ethtool -s eth0 speed 1000 duplex full autoneg off wol g");
	ck_assert_int_eq(e.line, 7);
	/* A kernel feature by its own name; the last word for a feature wins. */
	e = parse_ok("-K eth0 rx-gro off rx-gro on");
	ck_assert_str_eq(format(&e, ETH_FEATURES), "ethtool -K eth0 rx-gro on");
	e = parse_ok("wol d");
	ck_assert_str_eq(format(&e, ETH_LINK), "ethtool -s eth0 wol d");
}
END_TEST

START_TEST(test_refused)
{
	static const struct {
		const char *v, *msg;
		int error;
	} cases[] = {
		{ "-K eth1 tso off", "ETHTOOL_OPTS: -K eth1: names eth1, not this file's device eth0", 1 },
		{ "-K eth0 tso maybe", "ETHTOOL_OPTS: -K tso: 'maybe' is not on or off", 1 },
		{ "-G eth0 rx lots", "ETHTOOL_OPTS: -G rx: 'lots' is not a number", 1 },
		{ "duplex quarter", "ETHTOOL_OPTS: -s duplex: 'quarter' is not half or full", 1 },
		{ "wol gz", "ETHTOOL_OPTS: -s wol: 'gz' is not wake-on-LAN letters (p u m b a g s f, or d)", 1 },
		{ "-K eth0 TSO off", "ETHTOOL_OPTS: -K: 'TSO' is not a feature name", 1 },
		{ "-A eth0 rx off", "ETHTOOL_OPTS: ethtool -A: not applied (ifcfg-bond applies -K, -G, -L and -s)", 0 },
		{ "advertise 0x20", "ETHTOOL_OPTS: -s advertise: not applied (ifcfg-bond sets speed, duplex, autoneg and wol)", 0 },
		{ "-G eth0 rx-buf-len 2048", "ETHTOOL_OPTS: -G rx-buf-len: not applied (ifcfg-bond sets rx, rx-mini, rx-jumbo and tx)", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct netcfg_ethtool e;
		struct diags d = { 0 };
		int rc = ethtool_parse(cases[i].v, "eth0", "ifcfg-eth0", 3, &e, &d);

		ck_assert_msg(rc == (cases[i].error ? -1 : 0), "%s: rc %d", cases[i].v, rc);
		ck_assert_uint_ge(d.n, 1);
		ck_assert_str_eq(d.v[0].msg, cases[i].msg);
		ck_assert_str_eq(d.v[0].file, "ifcfg-eth0");
		ck_assert_int_eq(d.v[0].line, 3);
		ck_assert_int_eq(d.v[0].sev, cases[i].error ? DIAG_ERROR : DIAG_WARNING);
		diags_free(&d);
	}
	/* Past 64 words: said at the line, never cut in silence. */
	{
		char v[1024] = "-K eth0";
		struct netcfg_ethtool e;
		struct diags d = { 0 };

		for (int i = 0; i < 40; i++)
			strcat(v, " tso off");
		ck_assert_int_eq(ethtool_parse(v, "eth0", "ifcfg-eth0", 3, &e, &d), -1);
		ck_assert_str_eq(d.v[0].msg, "ETHTOOL_OPTS: more than 64 words in one command (split it with ';')");
		diags_free(&d);
	}
}
END_TEST

/* The planner sends what differs, one step per group, and nothing once the kernel
 * holds it; what the driver cannot do is said. */
START_TEST(test_plan_diff)
{
	struct netcfg_dev *dev = calloc(1, sizeof(*dev));
	struct ifcfg_file file = { .label = "ifcfg-eth0" };
	struct klink l = { .ifindex = 5 };
	struct keth *x = calloc(1, sizeof(*x));
	struct plan_env env = { .eth = x, .neth = 1 };
	struct plan p = { 0 };
	struct diags d = { 0 };
	struct plan_ctx c = { .env = &env, .p = &p, .d = &d };

	strcpy(dev->name, "eth0");
	dev->file = &file;
	dev->ethtool = parse_ok("-K eth0 gro on rx-lro on;-L eth0 rx 2 tx 2;-G eth0 rx 512");
	x->ifindex = 5;
	x->have = (1u << ETH_FEATURES) | (1u << ETH_CHANNELS);
	x->err[ETH_RINGS] = EOPNOTSUPP;
	x->nfeat = 2;
	strcpy(x->feat[0].name, "rx-gro");
	x->feat[0].hw = 1;
	strcpy(x->feat[1].name, "rx-lro");
	x->ch[ETH_CH_RX] = 4;
	x->ch[ETH_CH_TX] = 2;
	plan_ethtool(&c, dev, &l);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_int_eq(p.v[0].kind, STEP_ETHTOOL);
	ck_assert_str_eq(format(p.v[0].eth, ETH_FEATURES), "ethtool -K eth0 rx-gro on");
	ck_assert_str_eq(format(p.v[1].eth, ETH_CHANNELS), "ethtool -L eth0 rx 2");
	ck_assert_uint_eq(d.n, 2);
	ck_assert_str_eq(d.v[0].msg, "ETHTOOL_OPTS: -K rx-lro on: fixed off on eth0 (the driver cannot change it); not applied");
	ck_assert_str_eq(d.v[1].msg, "ETHTOOL_OPTS: eth0 cannot report its ring sizes (Operation not supported): not applied");
	plan_free(&p);
	diags_free(&d);
	/* As the kernel holds it now: nothing. */
	x->feat[0].wanted = 1;
	x->ch[ETH_CH_RX] = 2;
	dev->ethtool = parse_ok("-K eth0 gro on;-L eth0 rx 2 tx 2");
	plan_ethtool(&c, dev, &l);
	ck_assert_uint_eq(p.n, 0);
	ck_assert_uint_eq(d.n, 0);
	/* A device the plan makes: everything, no state to compare. */
	dev->ethtool = parse_ok("-K eth0 gro on");
	plan_ethtool(&c, dev, NULL);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(format(p.v[0].eth, ETH_FEATURES), "ethtool -K eth0 rx-gro on");
	plan_free(&p);
	diags_free(&d);
	free(x);
	free(dev);
}
END_TEST

Suite *ethtool_suite(void)
{
	Suite *s = suite_create("ethtool");
	TCase *tc = tcase_create("ETHTOOL_OPTS");

	tcase_add_test(tc, test_syntax);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_plan_diff);
	suite_add_tcase(s, tc);
	return s;
}
