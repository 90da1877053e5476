/* fuzz_text - the parsers of what is not an ifcfg file, each with its oracle.  The
 * first byte picks one; the rest is its text:
 *   0 a route-DEV line, 1 a route6-DEV line: read, written back, read again, the same;
 *   2 a rule-DEV line, 3 a rule6-DEV line: likewise;
 *   4 ETHTOOL_OPTS: read, each command written back, read again, written the same;
 *   5 resolv.conf with a device's DNS keys: the file it becomes needs no second
 *     change (the legacy test ifup-post makes);
 *   6 the DHCP client's command line from DHCLIENTARGS, DHCPV6C_OPTIONS and a name:
 *     the client first, the device last, no word empty or with a blank. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "dhcp.h"
#include "ethtool_opts.h"
#include "resolv.h"
#include "routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void route_round_trip(const char *line, int family)
{
	struct netcfg_route a, b;
	struct diags d = { 0 };
	char x[512], y[512];

	if (route_parse_line(line, "eth0", family, "route-eth0", 1, &a, &d) == 0) {
		route_format(&a, "eth0", x, sizeof(x));
		/* The written form names the device and the protocol: read as a line of
		 * the file again, it must be the same route. */
		if (route_parse_line(x, "eth0", family, "route-eth0", 1, &b, &d)) {
			fprintf(stderr, "route round trip: '%s' -> '%s' is refused\n", line, x);
			abort();
		}
		route_format(&b, "eth0", y, sizeof(y));
		if (strcmp(x, y)) {
			fprintf(stderr, "route round trip: '%s' -> '%s' -> '%s'\n", line, x, y);
			abort();
		}
	}
	diags_free(&d);
}

static void rule_round_trip(const char *line, int family)
{
	struct netcfg_rule a, b;
	struct diags d = { 0 };
	char x[512], y[512];

	if (rule_parse_line(line, family, "rule-eth0", 1, &a, &d) == 0) {
		rule_format(&a, x, sizeof(x));
		if (rule_parse_line(x, family, "rule-eth0", 1, &b, &d)) {
			fprintf(stderr, "rule round trip: '%s' -> '%s' is refused\n", line, x);
			abort();
		}
		rule_format(&b, y, sizeof(y));
		if (strcmp(x, y)) {
			fprintf(stderr, "rule round trip: '%s' -> '%s' -> '%s'\n", line, x, y);
			abort();
		}
	}
	diags_free(&d);
}

static void ethtool_round_trip(const char *v)
{
	struct netcfg_ethtool a, b;
	struct diags d = { 0 };
	char x[ETH_NGROUPS][2048], y[2048], all[4 * 2048 + 16] = "";

	if (ethtool_parse(v, "eth0", "ifcfg-eth0", 1, &a, &d) == 0) {
		for (int g = 0; g < ETH_NGROUPS; g++)
			if ((a.groups >> g) & 1) {
				ethtool_format(&a, (enum eth_group)g, "eth0", x[g], sizeof(x[g]));
				/* Written as commands: "ethtool -K eth0 ..." less "ethtool ". */
				strcat(all, all[0] ? ";" : "");
				strcat(all, x[g] + 8);
			}
		if (ethtool_parse(all, "eth0", "ifcfg-eth0", 1, &b, &d) || b.groups != a.groups) {
			fprintf(stderr, "ethtool round trip: '%s' -> '%s' is refused\n", v, all);
			abort();
		}
		for (int g = 0; g < ETH_NGROUPS; g++)
			if ((a.groups >> g) & 1) {
				ethtool_format(&b, (enum eth_group)g, "eth0", y, sizeof(y));
				if (strcmp(x[g], y)) {
					fprintf(stderr, "ethtool round trip: '%s' -> '%s' -> '%s'\n", v, x[g], y);
					abort();
				}
			}
	}
	diags_free(&d);
}

static void resolv_once(const char *cur, unsigned pick)
{
	struct netcfg_dns dns = { .apply = 1 };
	char *once, *twice;

	if (pick & 1)
		strcpy(dns.ns[dns.nns++], "192.0.2.53");
	if (pick & 2)
		strcpy(dns.ns[dns.nns++], "2001:db8::53");
	if (pick & 4)
		strcpy(dns.search, "example.com corp.example");
	else if (pick & 8)
		strcpy(dns.search, "example.com");
	if (!dns.nns && !dns.search[0])
		return;
	once = resolv_update(cur, &dns);
	if (once && (twice = resolv_update(once, &dns))) {
		fprintf(stderr, "resolv.conf changed twice:\n--- in\n%s--- once\n%s--- twice\n%s", cur,
			once, twice);
		abort();
	}
	free(once);
}

static void dhcp_words(const char *text, unsigned pick)
{
	struct netcfg_dhcp x = { .send_hostname = !!(pick & 1), .persistent = !!(pick & 2),
				 .release = !!(pick & 4) };
	char buf[2048], *argv[64];
	const char *client = pick & 8 ? "/usr/sbin/dhcpcd" : "/sbin/dhclient";
	size_t n = strlen(text);

	snprintf(x.args, sizeof(x.args), "%s", text);
	snprintf(x.v6_options, sizeof(x.v6_options), "%s", text);
	snprintf(pick & 16 ? x.fqdn : x.hostname, sizeof(x.hostname), "%.*s", (int)(n < 64 ? n : 64), text);
	for (int start = 0; start < 2; start++)
		for (int v6 = 0; v6 < 2; v6++) {
			int i;

			if (dhcp_argv(client, "eth0", &x, start | (v6 ? DHCP_V6 : 0), buf, sizeof(buf), argv, 64))
				continue;
			if (strcmp(argv[0], client))
				abort();
			/* (The name sent is one word, whatever it holds.) */
			for (i = 0; argv[i]; i++)
				if ((!argv[i][0] || strpbrk(argv[i], " \t")) &&
				    strcmp(argv[i], x.hostname) && strcmp(argv[i], x.fqdn)) {
					fprintf(stderr, "dhcp word %d: '%s'\n", i, argv[i]);
					abort();
				}
			if (strcmp(argv[i - 1], "eth0"))
				abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	unsigned pick;

	if (size < 2)
		return 0;
	/* A NUL ends the text, as every reader of these files stops or refuses there. */
	if (!(text = strndup((const char *)data + 2, size - 2)))
		return 0;
	pick = data[1];
	switch (data[0] % 7) {
	case 0:
	case 1:
		text[strcspn(text, "\n")] = '\0';
		route_round_trip(text, data[0] % 7 ? AF_INET6 : AF_INET);
		break;
	case 2:
	case 3:
		text[strcspn(text, "\n")] = '\0';
		rule_round_trip(text, data[0] % 7 == 3 ? AF_INET6 : AF_INET);
		break;
	case 4:
		ethtool_round_trip(text);
		break;
	case 5:
		resolv_once(text, pick);
		break;
	default:
		text[strcspn(text, "\n")] = '\0';
		dhcp_words(text, pick);
		break;
	}
	free(text);
	return 0;
}
