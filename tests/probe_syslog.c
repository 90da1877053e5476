/* probe_syslog.c - guest-side stand-in for a syslog daemon: binds /dev/log and prints
 * every message it receives, one per line, until killed. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = argc > 1 ? argv[1] : "/dev/log";
	char buf[4096];
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path)) {
		perror("probe_syslog: socket");
		return 1;
	}
	strcpy(sa.sun_path, path);
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("probe_syslog: bind");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);

		if (n < 0)
			return 1;
		buf[n] = '\0';
		printf("%s\n", buf);
	}
}
