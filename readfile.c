/* readfile.c - a whole regular file, bounded (readfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "readfile.h"

int readfile(const char *path, size_t max, char **out, size_t *len)
{
	struct stat st;
	size_t n = 0, cap;
	char *buf = NULL;
	int fd, err = 0;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO must not hang the open before fstat says what it is. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0)
		return errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return EINVAL;
	}
	/* st_size is a hint: the file may change while it is read. */
	cap = (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1;
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap > max) {
				err = EFBIG;
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			if (!(nb = realloc(buf, cap + 1))) {
				err = ENOMEM;
				break;
			}
			buf = nb;
		} else if (!buf && !(buf = malloc(cap + 1))) {
			err = ENOMEM;
			break;
		}
		if ((r = read(fd, buf + n, cap - n)) < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (!err && n > max)
		err = EFBIG;
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
