/* check_routes.c - route-DEV lines: the ip words read, the bad ones refused at
 * their line, and both file formats. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "routes.h"

static char *fmt(const char *line, int *rc, char *err, size_t errlen)
{
	static char buf[512];
	struct netcfg_route r;
	struct diags d = { 0 };

	*rc = route_parse_line(line, "eth0", "route-eth0", 3, &r, &d);
	snprintf(err, errlen, "%s", d.n ? d.v[0].msg : "");
	if (!*rc)
		route_format(&r, "eth0", buf, sizeof(buf));
	else
		buf[0] = '\0';
	ck_assert_uint_eq(d.errors, *rc ? 1 : 0);
	diags_free(&d);
	return buf;
}

START_TEST(test_words)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "10.9.0.0/24 via 192.0.2.254", "10.9.0.0/24 via 192.0.2.254 dev eth0 proto static" },
		{ "default via 192.0.2.1 metric 100", "default via 192.0.2.1 dev eth0 metric 100 proto static" },
		{ "to 10.0.0.0/8 via 192.0.2.1 dev eth0 src 192.0.2.7 table 100 proto boot",
		  "10.0.0.0/8 via 192.0.2.1 dev eth0 src 192.0.2.7 table 100 proto boot" },
		/* No gateway: a route of the link, as ip route makes it. */
		{ "198.51.100.0/24 dev eth0", "198.51.100.0/24 dev eth0 proto static" },
		{ "203.0.113.7 via 192.0.2.1 mtu lock 1400 onlink scope global",
		  "203.0.113.7/32 via 192.0.2.1 dev eth0 proto static scope global mtu lock 1400 onlink" },
		{ "blackhole 10.66.0.0/16", "blackhole 10.66.0.0/16 proto static" },
		{ "unreachable 10.67.0.0/16 table main", "unreachable 10.67.0.0/16 proto static" },
		{ "10.1.0.0/16 via 192.0.2.1 tos 0x10 priority 7", "10.1.0.0/16 via 192.0.2.1 dev eth0 metric 7 tos 0x10 proto static" },
	};
	static const struct { const char *in, *err; } bad[] = {
		{ "10.0.0.1/8 via 192.0.2.1", "10.0.0.1/8: the address has bits set past its prefix length (the network is written with them 0)" },
		{ "10.0.0.0/8 via 192.0.2.1 realm 3", "'realm' is not a route word ifcfg-bond reads (to, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)" },
		{ "10.0.0.0/8 dev eth1", "dev eth1: a route of eth1 belongs in route-eth1, not in the file of eth0" },
		{ "10.0.0.0/8 via", "'via' needs a value" },
		{ "10.0.0.0/8 via fe80::1", "via 'fe80::1': not an IPv4 address" },
		{ "10.0.0.0/33", "'10.0.0.0/33' is not a destination (default, or a.b.c.d/len)" },
		{ "via 192.0.2.1", "via 192.0.2.1: no destination (default, or a.b.c.d/len)" },
		{ "10.0.0.0/8 table nosuchtable", "table 'nosuchtable': not a number or a name of /etc/iproute2/rt_tables" },
		{ "blackhole 10.0.0.0/8 via 192.0.2.1", "via: a blackhole route has no gateway" },
		{ "10.0.0.0/8 via 192.0.2.1 $(reboot)", "'$(reboot)' is not a route word ifcfg-bond reads (to, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)" },
	};
	char err[400];
	int rc;

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		const char *got = fmt(ok[i].in, &rc, err, sizeof(err));

		ck_assert_msg(rc == 0, "%s: %s", ok[i].in, err);
		ck_assert_str_eq(got, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		fmt(bad[i].in, &rc, err, sizeof(err));
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(err, bad[i].err);
	}
}
END_TEST

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Both formats; comments and blank lines; a bad line among good ones is reported
 * at its line and the others are still read. */
START_TEST(test_files)
{
	char path[] = "/tmp/check-routes-XXXXXX";
	int fd = mkstemp(path);
	struct netcfg_routes r = { 0 };
	struct diags d = { 0 };
	char buf[256];

	ck_assert_int_ge(fd, 0);
	close(fd);
	put(path, "# core\n\n  10.9.0.0/24 via 192.0.2.254\r\n10.8.0.0/16 via 192.0.2.254 bogus\n"
		  "10.7.0.0/16 via 192.0.2.254 table 7\n");
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", &r, &d), -1);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_int_eq(r.v[0].line, 3);
	ck_assert_int_eq(r.v[1].table, 7);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_int_eq(d.v[0].line, 4);
	routes_free(&r);
	diags_free(&d);

	put(path, "ADDRESS0=10.9.0.0\nNETMASK0=255.255.255.0\nGATEWAY0=192.0.2.254\n"
		  "ADDRESS1=10.7.0.0\nNETMASK1=255.255.0.0\nGATEWAY1=192.0.2.254\nMETRIC1=5\n"
		  "OPTIONS1=\"table 7 mtu 1400\"\nADDRESS3=10.6.0.0\nNETMASK3=255.0.0.0\nGATEWAYX=1\n");
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", &r, &d), -1);
	ck_assert_uint_eq(r.n, 2);
	route_format(&r.v[1], "eth0", buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.7.0.0/16 via 192.0.2.254 dev eth0 metric 5 table 7 proto static mtu 1400");
	/* ADDRESS3: after a gap (warned), and 10.6.0.0/8 has host bits (refused). */
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[d.n - 1].msg, "bits set past its prefix length"));
	routes_free(&r);
	diags_free(&d);

	/* Executed by bash it would reboot; here it is a line that is no assignment. */
	put(path, "ADDRESS0=10.9.0.0\n$(reboot)\n");
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", &r, &d), -1);
	ck_assert_int_eq(d.v[0].line, 2);
	routes_free(&r);
	diags_free(&d);
	unlink(path);
}
END_TEST

START_TEST(test_rules)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "from 10.1.0.0/16 lookup 100", "from 10.1.0.0/16 lookup 100 proto static" },
		{ "to 10.8.0.0/16 table 100 priority 100", "priority 100 from all to 10.8.0.0/16 lookup 100 proto static" },
		{ "from all fwmark 0x1/0xff iif eth0 oif eth1 tos 0x10 lookup main pref 5",
		  "priority 5 from all tos 0x10 fwmark 0x1/0xff iif eth0 oif eth1 lookup 254 proto static" },
		{ "not from 192.0.2.7 unreachable", "not from 192.0.2.7/32 unreachable proto static" },
	};
	static const struct { const char *in, *err; } bad[] = {
		{ "from 10.1.0.1/16 lookup 100", "from 10.1.0.1/16: the address has bits set past its prefix length" },
		{ "from all lookup 100 goto 3", "'goto' is not a rule word ifcfg-bond reads (from, to, lookup, priority, fwmark, iif, oif, tos, proto, not, and blackhole, unreachable, prohibit)" },
		{ "from all lookup", "'lookup' needs a value" },
		{ "iif 'a b' lookup 1", "iif ''a': not an interface name" },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		struct netcfg_rule r;
		struct diags d = { 0 };
		char buf[256];

		ck_assert_msg(rule_parse_line(ok[i].in, "rule-eth0", 1, &r, &d) == 0, "%s: %s", ok[i].in,
			      d.n ? d.v[0].msg : "");
		rule_format(&r, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct netcfg_rule r;
		struct diags d = { 0 };

		ck_assert_int_eq(rule_parse_line(bad[i].in, "rule-eth0", 1, &r, &d), -1);
		ck_assert_str_eq(d.v[0].msg, bad[i].err);
		diags_free(&d);
	}
}
END_TEST

Suite *routes_suite(void)
{
	Suite *s = suite_create("routes");
	TCase *tc = tcase_create("route-DEV");

	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_files);
	tcase_add_test(tc, test_rules);
	suite_add_tcase(s, tc);
	return s;
}
