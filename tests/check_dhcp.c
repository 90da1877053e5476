/* check_dhcp.c - the DHCP client's command lines, as the legacy scripts ran it. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "dhcp.h"

static const char *line(const char *client, const struct netcfg_dhcp *x, int start)
{
	static char out[2048];
	char buf[2048], *argv[64];
	size_t o = 0;

	ck_assert_int_eq(dhcp_argv(client, "ethzz9", x, start, buf, sizeof(buf), argv, 64), 0);
	out[0] = '\0';
	for (int i = 0; argv[i]; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? " " : "", argv[i]);
	return out;
}

START_TEST(test_dhclient)
{
	struct netcfg_dhcp x = { .send_hostname = 1, .fatal = 1 };
	const char *l = line("/sbin/dhclient", &x, 1);

	/* One-shot, quiet, the legacy pid file, the device last. */
	ck_assert_msg(!strncmp(l, "/sbin/dhclient -1 -q -lf /var/lib/dhc", 37), "%s", l);
	ck_assert_msg(strstr(l, "/dhclient-ethzz9.leases -pf /run/dhclient-ethzz9.pid ethzz9"), "%s", l);
	/* DHCLIENTARGS first, split at blanks; persistent: no -1; a name: our config. */
	strcpy(x.args, "-v  -nw");
	x.persistent = 1;
	strcpy(x.hostname, "web1");
	l = line("/sbin/dhclient", &x, 1);
	ck_assert_msg(!strncmp(l, "/sbin/dhclient -v -nw -q -cf /run/ifcfg-bond/dhclient-ethzz9.conf -lf ", 70), "%s", l);
	x.send_hostname = 0;
	ck_assert_ptr_null(strstr(line("/sbin/dhclient", &x, 1), "-cf"));
	/* Stopping with DHCPRELEASE: -r, the same files. */
	x.release = 1;
	l = line("/sbin/dhclient", &x, 0);
	ck_assert_msg(!strncmp(l, "/sbin/dhclient -r -lf ", 22) && strstr(l, "-pf /run/dhclient-ethzz9.pid ethzz9"), "%s", l);
}
END_TEST

/* No default route (DEFROUTE=no, DHCLIENT_SET_DEFAULT_ROUTE=no): our script; a
 * metric: in the script's environment (dhclient), -m (dhcpcd). */
START_TEST(test_routes)
{
	struct netcfg_dhcp x = { .send_hostname = 1, .fatal = 1, .no_default = 1, .metric = 300 };
	const char *l;

	setenv("IFCFG_BOND_LIBEXEC", "/opt/x", 1);
	l = line("/sbin/dhclient", &x, 1);
	ck_assert_msg(strstr(l, "/sbin/dhclient -1 -q -e IF_METRIC=300 -e METRIC=300 -sf /opt/x/dhclient-script -lf ") == l,
		      "%s", l);
	l = line("/sbin/dhcpcd", &x, 1);
	ck_assert_msg(!strcmp(l, "/sbin/dhcpcd -4 -w -q -G -m 300 ethzz9"), "%s", l);
	/* Stopping: none of it. */
	l = line("/sbin/dhclient", &x, 0);
	ck_assert_msg(!strstr(l, "-sf") && !strstr(l, "METRIC"), "%s", l);
	unsetenv("IFCFG_BOND_LIBEXEC");
	ck_assert_str_eq(dhcp_script_path(), IFCFG_BOND_LIBEXECDIR "/dhclient-script");
}
END_TEST

/* DHCPV6C: dhclient -6 with its own files, DHCPV6C_OPTIONS after -1. */
START_TEST(test_dhclient6)
{
	struct netcfg_dhcp x = { .send_hostname = 1 };
	const char *l;

	strcpy(x.v6_options, "-T");
	l = line("/sbin/dhclient", &x, 1 | DHCP_V6);
	ck_assert_msg(!strncmp(l, "/sbin/dhclient -6 -1 -T -lf /var/lib/dhc", 40) &&
		      strstr(l, "/dhclient6-ethzz9.leases -pf /run/dhclient6-ethzz9.pid ethzz9"), "%s", l);
	l = line("/sbin/dhclient", &x, DHCP_V6);
	ck_assert_msg(!strncmp(l, "/sbin/dhclient -6 -r -lf ", 25), "%s", l);
	/* -S alone: stateless, in the background at once, kept running. */
	strcpy(x.v6_options, "-S");
	x.v6_persistent = 0;
	l = line("/sbin/dhclient", &x, 1 | DHCP_V6);
	ck_assert_msg(!strncmp(l, "/sbin/dhclient -6 -nw -S -lf ", 29), "%s", l);
	strcpy(x.v6_options, "-N -S");
	ck_assert_msg(strstr(line("/sbin/dhclient", &x, 1 | DHCP_V6), " -nw -N -S "), "stateless among others");
}
END_TEST

START_TEST(test_dhcpcd)
{
	struct netcfg_dhcp x = { .send_hostname = 1, .release = 1 };

	strcpy(x.hostname, "web1");
	ck_assert_str_eq(line("/usr/sbin/dhcpcd", &x, 1), "/usr/sbin/dhcpcd -4 -w -q -h web1 ethzz9");
	ck_assert_str_eq(line("/usr/sbin/dhcpcd", &x, 0), "/usr/sbin/dhcpcd -4 -k ethzz9");
	x.release = 0;
	ck_assert_str_eq(line("/usr/sbin/dhcpcd", &x, 0), "/usr/sbin/dhcpcd -4 -x ethzz9");
}
END_TEST

Suite *dhcp_suite(void)
{
	Suite *s = suite_create("dhcp");
	TCase *tc = tcase_create("client");

	tcase_add_test(tc, test_dhclient);
	tcase_add_test(tc, test_routes);
	tcase_add_test(tc, test_dhclient6);
	tcase_add_test(tc, test_dhcpcd);
	suite_add_tcase(s, tc);
	return s;
}
