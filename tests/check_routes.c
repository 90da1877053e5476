/* check_routes.c - route-DEV and route6-DEV lines: the ip words read, the bad ones
 * refused at their line, and both file formats; rule-DEV and rule6-DEV lines. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/rtnetlink.h>
#include "routes.h"

static char *fmt_family(int family, const char *line, int *rc, char *err, size_t errlen)
{
	static char buf[512];
	struct netcfg_route r;
	struct diags d = { 0 };

	*rc = route_parse_line(line, "eth0", family, "route-eth0", 3, &r, &d);
	snprintf(err, errlen, "%s", d.n ? d.v[0].msg : "");
	if (!*rc)
		route_format(&r, "eth0", buf, sizeof(buf));
	else
		buf[0] = '\0';
	ck_assert_uint_eq(d.errors, *rc ? 1 : 0);
	diags_free(&d);
	return buf;
}

static char *fmt(const char *line, int *rc, char *err, size_t errlen)
{
	return fmt_family(AF_INET, line, rc, err, errlen);
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
		{ "10.0.0.0/8 via 192.0.2.1 realm 3", "'realm' is not a route word ifcfg-bond reads (to, from, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)" },
		{ "10.0.0.0/8 dev eth1", "dev eth1: a route of eth1 belongs in route-eth1, not in the file of eth0" },
		{ "10.0.0.0/8 via", "'via' needs a value" },
		{ "10.0.0.0/8 via fe80::1", "via 'fe80::1': not an IPv4 address" },
		{ "10.0.0.0/33", "'10.0.0.0/33' is not a destination (default, or a.b.c.d/len)" },
		{ "via 192.0.2.1", "via 192.0.2.1: no destination (default, or a.b.c.d/len)" },
		{ "10.0.0.0/8 table nosuchtable", "table 'nosuchtable': not a number or a name of /etc/iproute2/rt_tables" },
		{ "blackhole 10.0.0.0/8 via 192.0.2.1", "via: a blackhole route has no gateway" },
		{ "10.0.0.0/8 via 192.0.2.1 $(reboot)", "'$(reboot)' is not a route word ifcfg-bond reads (to, from, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)" },
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
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", AF_INET, &r, &d), -1);
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
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", AF_INET, &r, &d), -1);
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
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", AF_INET, &r, &d), -1);
	ck_assert_int_eq(d.v[0].line, 2);
	routes_free(&r);
	diags_free(&d);
	unlink(path);

	/* A FIFO of that name does not hang the run, a directory is not read as empty. */
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", AF_INET, &r, &d), -1);
	ck_assert_str_eq(d.v[0].msg, "not a regular file: refused");
	diags_free(&d);
	{
		struct netcfg_rules u = { 0 };

		ck_assert_int_eq(rules_load(path, "rule-eth0", AF_INET, &u, &d), -1);
		diags_free(&d);
	}
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(routes_load(path, "route-eth0", "eth0", AF_INET, &r, &d), -1);
	diags_free(&d);
	rmdir(path);
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
		/* A /0 is "all", as the kernel keeps it (fuzz_text found it compared unequal). */
		{ "from 0.0.0.0/0 to 0.0.0.0/0 lookup 100", "from all lookup 100 proto static" },
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

		ck_assert_msg(rule_parse_line(ok[i].in, AF_INET, "rule-eth0", 1, &r, &d) == 0, "%s: %s", ok[i].in,
			      d.n ? d.v[0].msg : "");
		rule_format(&r, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct netcfg_rule r;
		struct diags d = { 0 };

		ck_assert_int_eq(rule_parse_line(bad[i].in, AF_INET, "rule-eth0", 1, &r, &d), -1);
		ck_assert_str_eq(d.v[0].msg, bad[i].err);
		diags_free(&d);
	}
}
END_TEST

/* route6-DEV: the same words for IPv6, the metric the kernel would give stated,
 * what IPv6 has not refused or said. */
START_TEST(test_route6)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "2001:db8:2::/64 via 2001:db8:1::fe", "2001:db8:2::/64 via 2001:db8:1::fe dev eth0 metric 1024 proto static" },
		{ "default via fe80::1 dev eth0 metric 10", "default via fe80::1 dev eth0 metric 10 proto static" },
		{ "2001:db8:3::1 dev eth0 mtu 1280 table 100", "2001:db8:3::1/128 dev eth0 metric 1024 table 100 proto static mtu 1280" },
		{ "unreachable 2001:db8:dead::/48", "unreachable 2001:db8:dead::/48 metric 1024 proto static" },
		/* Host bits: the kernel clears them for IPv6 (IPv4 refuses them). */
		{ "2001:db8:2::1/64 via 2001:db8:1::fe", "2001:db8:2::/64 via 2001:db8:1::fe dev eth0 metric 1024 proto static" },
		{ "aaaa::cccc/64 from 1111::2222/48 via 3333::4444 src 5555::6666 mtu lock 1450",
		  "aaaa::/64 from 1111::/48 via 3333::4444 dev eth0 src 5555::6666 metric 1024 proto static mtu lock 1450" },
		{ "::/0 via 2001:db8:1::1 src 2001:db8:1::10 onlink",
		  "default via 2001:db8:1::1 dev eth0 src 2001:db8:1::10 metric 1024 proto static onlink" },
	};
	static const struct { const char *in, *err; } bad[] = {
		{ "2001:db8:8::/64 from 2001:db8:1::/64 cwnd 13", "'cwnd' is not a route word ifcfg-bond reads (to, from, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)" },
		{ "2001:db8:2::/64 via 192.0.2.1", "via '192.0.2.1': not an IPv6 address" },
		{ "10.0.0.0/8 via 2001:db8::1", "'10.0.0.0/8' is not a route word ifcfg-bond reads (to, from, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)" },
		{ "2001:db8::/129", "'2001:db8::/129' is not a destination (default, or an IPv6 prefix addr/len)" },
		{ "2001:db8::/32 tos 0x10", "tos: an IPv6 route has none (the kernel refuses it)" },
		{ "2001:db8::/32 from 2001:db8::/0", "from '2001:db8::/0': not an IPv6 prefix addr/len" },
		{ "via 2001:db8::1", "via 2001:db8::1: no destination (default, or an IPv6 prefix addr/len)" },
	};
	char err[400];
	int rc;

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		const char *got = fmt_family(AF_INET6, ok[i].in, &rc, err, sizeof(err));

		ck_assert_msg(rc == 0, "%s: %s", ok[i].in, err);
		ck_assert_str_eq(got, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		fmt_family(AF_INET6, bad[i].in, &rc, err, sizeof(err));
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(err, bad[i].err);
	}
	/* A scope: IPv6 routes have none; said at the line, the route kept. */
	{
		struct netcfg_route r;
		struct diags d = { 0 };

		ck_assert_int_eq(route_parse_line("2001:db8::/32 dev eth0 scope link", "eth0", AF_INET6,
						  "route6-eth0", 4, &r, &d), 0);
		ck_assert_uint_eq(d.n, 1);
		ck_assert_int_eq(d.v[0].line, 4);
		ck_assert_str_eq(d.v[0].msg, "scope link: an IPv6 route has no scope (the kernel ignores it); not applied");
		diags_free(&d);
	}
	/* Routes that differ in their gateway only are two routes to IPv6, one to IPv4. */
	{
		struct netcfg_route a, b;
		struct diags d = { 0 };

		route_parse_line("default via 2001:db8::1", "eth0", AF_INET6, "f", 1, &a, &d);
		route_parse_line("default via 2001:db8::2", "eth0", AF_INET6, "f", 2, &b, &d);
		ck_assert(!route_same_key(&a, &b));
		route_parse_line("default via 192.0.2.1", "eth0", AF_INET, "f", 1, &a, &d);
		route_parse_line("default via 192.0.2.2", "eth0", AF_INET, "f", 2, &b, &d);
		ck_assert(route_same_key(&a, &b));
		ck_assert_uint_eq(d.n, 0);
	}
}
END_TEST

START_TEST(test_rule6)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "from 2001:db8:1::/64 lookup 100", "from 2001:db8:1::/64 lookup 100 proto static" },
		{ "to 2001:db8:9::1 table 100 priority 100", "priority 100 from all to 2001:db8:9::1/128 lookup 100 proto static" },
		{ "from ::/0 fwmark 7 lookup main", "from all fwmark 0x7/0xffffffff lookup 254 proto static" },
		/* Kept as given: IPv6 matches the prefix, and dumps what it was given. */
		{ "from 2001:db8:1::1/64 lookup 100", "from 2001:db8:1::1/64 lookup 100 proto static" },
	};
	static const struct { const char *in, *err; } bad[] = {
		{ "from 10.0.0.0/8 lookup 100", "from '10.0.0.0/8': not all or an IPv6 prefix addr/len" },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		struct netcfg_rule r;
		struct diags d = { 0 };
		char buf[256];

		ck_assert_msg(rule_parse_line(ok[i].in, AF_INET6, "rule6-eth0", 1, &r, &d) == 0, "%s: %s",
			      ok[i].in, d.n ? d.v[0].msg : "");
		ck_assert_int_eq(r.family, AF_INET6);
		rule_format(&r, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct netcfg_rule r;
		struct diags d = { 0 };

		ck_assert_int_eq(rule_parse_line(bad[i].in, AF_INET6, "rule6-eth0", 1, &r, &d), -1);
		ck_assert_str_eq(d.v[0].msg, bad[i].err);
		diags_free(&d);
	}
}
END_TEST

#define CORPUS_DEFAULT "../../shared/corpus/nm-ifcfg-rh"

static const char *corpus_dir(void)
{
	const char *env = getenv("IFCFG_CORPUS");

	return env && *env ? env : CORPUS_DEFAULT;
}

/* NetworkManager's route6 test file: its routes read as the kernel will hold them,
 * and its one line with a word outside the subset (cwnd) refused at that line. */
START_TEST(test_route6_corpus)
{
	static const char *const want[] = {
		"9876::/96 via 9876::7777 dev eth0 metric 2 proto static",
		"default via dead::beaf dev eth0 metric 1024 proto static",
		"abbe::/64 dev eth0 metric 777 proto static",
	};
	struct netcfg_routes r = { 0 };
	struct diags d = { 0 };
	char *path, buf[256];

	ck_assert_int_ge(asprintf(&path, "%s/route6-test-wired-ipv6-manual", corpus_dir()), 0);
	ck_assert_int_eq(routes_load(path, "route6-eth0", "eth0", AF_INET6, &r, &d), -1);
	ck_assert_uint_eq(r.n, 3);
	for (size_t i = 0; i < r.n; i++) {
		route_format(&r.v[i], "eth0", buf, sizeof(buf));
		ck_assert_str_eq(buf, want[i]);
	}
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].line, 9);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "'cwnd' is not a route word"));
	routes_free(&r);
	diags_free(&d);
	free(path);
}
END_TEST

Suite *routes_suite(void)
{
	Suite *s = suite_create("routes");
	TCase *tc = tcase_create("route-DEV");

	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_files);
	tcase_add_test(tc, test_rules);
	tcase_add_test(tc, test_route6);
	tcase_add_test(tc, test_rule6);
	/* Without the corpus it is not run, and not counted: said plainly. */
	if (access(corpus_dir(), R_OK | X_OK) == 0)
		tcase_add_test(tc, test_route6_corpus);
	else
		fprintf(stderr, "routes: NetworkManager's corpus is absent at %s (set IFCFG_CORPUS): "
			"test_route6_corpus is NOT run\n", corpus_dir());
	suite_add_tcase(s, tc);
	return s;
}
