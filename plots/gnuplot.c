/* Finding and running gnuplot as a child process; see gnuplot.h. */
#include "plots/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

char *gnuplot_find(const char *path_env)
{
	if (!path_env)
		return NULL;
	const char *p = path_env;
	while (*p) {
		size_t len = strcspn(p, ":");
		/* An empty PATH entry means the current directory, as in
		 * execvp. */
		const char *dir = len ? p : ".";
		size_t dir_len = len ? len : 1;
		char *cand = malloc(dir_len + sizeof "/gnuplot");
		if (!cand)
			return NULL;
		memcpy(cand, dir, dir_len);
		memcpy(cand + dir_len, "/gnuplot", sizeof "/gnuplot");
		if (is_executable(cand))
			return cand;
		free(cand);
		p += len;
		if (*p == ':')
			p++;
	}
	return NULL;
}

/* Reads the child's stderr to the end, keeping what fits in msg. */
static void drain(int fd, char *msg, size_t msg_size)
{
	size_t used = 0;
	char buf[512];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t room = msg_size > used + 1 ? msg_size - used - 1 : 0;
		size_t take = (size_t)n < room ? (size_t)n : room;
		memcpy(msg + used, buf, take);
		used += take;
	}
	if (msg_size)
		msg[used] = '\0';
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void exec_child(const char *gnuplot, char *const argv[], int err_fd)
{
	int null_fd = open("/dev/null", O_RDWR);
	if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 ||
	    dup2(err_fd, 2) < 0)
		_exit(127);
	execv(gnuplot, argv);
	_exit(127);
}

int gnuplot_run(const char *gnuplot, const char *script_path, char *msg,
		size_t msg_size)
{
	if (msg_size)
		msg[0] = '\0';
	int fds[2];
	if (pipe(fds) != 0) {
		snprintf(msg, msg_size, "cannot run gnuplot: %s", strerror(errno));
		return -1;
	}
	char *const argv[] = { "gnuplot", (char *)script_path, NULL };
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(msg, msg_size, "cannot run gnuplot: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		exec_child(gnuplot, argv, fds[1]);
	}
	close(fds[1]);
	drain(fds[0], msg, msg_size);
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(msg, msg_size, "cannot wait for gnuplot: %s",
				 strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!msg_size || msg[0])
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(msg, msg_size, "%s could not be executed", gnuplot);
	else if (WIFEXITED(status))
		snprintf(msg, msg_size, "gnuplot exited with status %d",
			 WEXITSTATUS(status));
	else
		snprintf(msg, msg_size, "gnuplot was killed by signal %d",
			 WTERMSIG(status));
	return -1;
}

void gnuplot_quote(FILE *fp, const char *s)
{
	fputc('\'', fp);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'')
			fputs("''", fp);
		else
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, fp);
	}
	fputc('\'', fp);
}
