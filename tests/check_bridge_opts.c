/* check_bridge_opts.c - the bridge option tables: names, aliases, values, units and
 * the words a bad BRIDGING_OPTS gets. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "bridge_opts.h"

/* Parses text into a fresh conf; returns the rc, the findings joined in *msgs. */
static int parse(enum br_table t, const char *text, struct br_conf *c, char **msgs)
{
	struct diags d = { 0 };
	size_t len = 0;
	FILE *fp = open_memstream(msgs, &len);
	int rc;

	memset(c, 0, sizeof(*c));
	rc = br_opts_parse(t, text, "ifcfg-br0", 7, c, &d);
	diags_print(&d, fp, NULL, DIAG_STYLE_LINT);
	fclose(fp);
	diags_free(&d);
	return rc;
}

START_TEST(test_rows_are_sane)
{
	for (enum br_table t = BR_BRIDGE; t <= BR_PORT; t++) {
		size_t n;
		const struct br_opt *rows = br_table(t, &n);

		ck_assert_uint_le(n, BR_SLOTS);
		for (size_t i = 0; i < n; i++) {
			ck_assert_int_eq(br_opt_find(t, rows[i].name), (int)i);
			ck_assert_msg(rows[i].nla > 0 && rows[i].ip, "%s", rows[i].name);
			/* A default that resets must be a value the row accepts. */
			if (rows[i].reset && (rows[i].type == BRT_UINT || rows[i].type == BRT_TIME))
				ck_assert_msg(rows[i].def >= rows[i].min && rows[i].def <= rows[i].max,
					      "%s", rows[i].name);
		}
	}
	ck_assert_int_eq(br_opt_find(BR_BRIDGE, "forward_delay"), BRO_FORWARD_DELAY);
	ck_assert_int_eq(br_opt_find(BR_BRIDGE, "stp_state"), BRO_STP_STATE);
	/* The forward delay is written before stp_state (the kernel's STP range). */
	ck_assert_int_lt(BRO_FORWARD_DELAY, BRO_STP_STATE);
}
END_TEST

START_TEST(test_values)
{
	struct br_conf c;
	char *m;
	int id;

	ck_assert_int_eq(parse(BR_BRIDGE, "vlan_protocol=802.1ad group_address=01:80:c2:00:00:0e "
			       "multicast_hash_max=1024 stp_state=on  hello_time=150", &c, &m), 0);
	ck_assert_str_eq(m, "");
	free(m);
	id = br_opt_find(BR_BRIDGE, "vlan_protocol");
	ck_assert_uint_eq(c.v.v[id], 0x88a8);
	id = br_opt_find(BR_BRIDGE, "group_addr");
	ck_assert_uint_eq(c.v.v[id], 0x0180c200000eull);
	ck_assert_int_eq(c.line[id], 7);
	id = br_opt_find(BR_BRIDGE, "hash_max");
	ck_assert_uint_eq(c.v.v[id], 1024);
	ck_assert_uint_eq(c.v.v[BRO_STP_STATE], 1);
	ck_assert_uint_eq(c.v.v[BRO_HELLO_TIME], 150);
	ck_assert_uint_eq(__builtin_popcount(c.v.has), 5);
	ck_assert_int_eq(parse(BR_PORT, "hairpin_mode=yes path_cost=100 priority=63", &c, &m), 0);
	free(m);
	ck_assert_uint_eq(c.v.v[br_opt_find(BR_PORT, "hairpin_mode")], 1);
	/* NetworkManager's seconds, where they cannot be hundredths. */
	ck_assert_int_eq(parse(BR_BRIDGE, "hello_time=7 max_age=39", &c, &m), 0);
	ck_assert_ptr_nonnull(strstr(m, "warning: BRIDGING_OPTS: hello_time=7 read as 7 seconds, as NetworkManager writes it (sysfs and the legacy scripts take hundredths: hello_time=700)"));
	free(m);
	ck_assert_uint_eq(c.v.v[BRO_HELLO_TIME], 700);
	ck_assert_uint_eq(c.v.v[BRO_MAX_AGE], 3900);
}
END_TEST

START_TEST(test_formats)
{
	char buf[32];

	br_opt_format(BR_BRIDGE, br_opt_find(BR_BRIDGE, "vlan_protocol"), 0x8100, buf, sizeof(buf));
	ck_assert_str_eq(buf, "802.1Q");
	br_opt_format_sysfs(BR_BRIDGE, br_opt_find(BR_BRIDGE, "vlan_protocol"), 0x88a8, buf,
			    sizeof(buf));
	ck_assert_str_eq(buf, "0x88a8");
	br_opt_format(BR_BRIDGE, br_opt_find(BR_BRIDGE, "group_addr"), 0x0180c2000000ull, buf,
		      sizeof(buf));
	ck_assert_str_eq(buf, "01:80:c2:00:00:00");
	br_opt_format(BR_PORT, br_opt_find(BR_PORT, "learning"), 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "off");
	br_opt_format(BR_BRIDGE, BRO_STP_STATE, 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1");
}
END_TEST

START_TEST(test_errors)
{
	static const struct { enum br_table t; const char *text, *want; } cases[] = {
		{ BR_BRIDGE, "stp_state", "ifcfg-br0:7: error: BRIDGING_OPTS: 'stp_state' is not key=value" },
		{ BR_BRIDGE, "max_age=50", "BRIDGING_OPTS: max_age: '50' is not 600 to 4000 (hundredths of a second" },
		{ BR_BRIDGE, "group_fwd_mask=1", "sets bits 0-2 (STP, MAC pause, LACP)" },
		{ BR_BRIDGE, "group_addr=01:80:c2:00:00:02", "is not a group address 01:80:c2:00:00:0X" },
		{ BR_BRIDGE, "vlan_protocol=0x9100", "is not 0x8100 (802.1Q) or 0x88a8 (802.1ad)" },
		{ BR_BRIDGE, "priority=1 priority=2", "BRIDGING_OPTS: priority is given twice" },
		{ BR_BRIDGE, "hairpin_mode=1", "unknown bridge option 'hairpin_mode'" },
		{ BR_PORT, "priority=64", "priority: '64' is not a number from 0 to 63" },
		{ BR_PORT, "path_cost=0", "path_cost: '0' is not a number from 1 to 65535" },
		{ BR_PORT, "learnin=1", "unknown bridge port option 'learnin' (did you mean learning?)" },
		{ BR_PORT, "learning=2", "learning: '2' is not 0 or 1" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct br_conf c;
		char *m;

		ck_assert_int_eq(parse(cases[i].t, cases[i].text, &c, &m), -1);
		ck_assert_msg(strstr(m, cases[i].want), "case %zu: %s", i, m);
		free(m);
	}
}
END_TEST

Suite *bridge_opts_suite(void)
{
	Suite *s = suite_create("bridge_opts");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_rows_are_sane);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}
