/* af_restrict.c - preloaded by the hotplug test: a stand-in for the sandbox of
 * systemd-udevd.service, whose RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET
 * AF_INET6 (a seccomp filter) fails socket() of any other family with
 * EAFNOSUPPORT.  So a program udev runs cannot open the packet socket of an ARP
 * probe or of a DHCP client. */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>

int socket(int domain, int type, int protocol)
{
	if (domain != AF_UNIX && domain != AF_NETLINK && domain != AF_INET && domain != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return (int)syscall(SYS_socket, domain, type, protocol);
}
