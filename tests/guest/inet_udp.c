/*
 * AF_INET datagram sockets over 127.0.0.1: sendto/recvfrom with the
 * sender's address, MSG_PEEK, truncation (MSG_TRUNC in msg_flags, and as
 * a flag the datagram's real length), MSG_DONTWAIT, connected UDP with
 * getpeername, poll readiness, the EFAULT/EINVAL/EDESTADDRREQ cases, and
 * ports below net.ipv4.ip_unprivileged_port_start (EACCES without root).
 */
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

/* sendmmsg's "more follow" (linux/socket.h). */
#define LINUX_MSG_BATCH 0x40000

static short poll_one(int fd, short events, int ms)
{
	struct pollfd p = { fd, events, 0 };

	CHECK(poll(&p, 1, ms) >= 0);
	return p.revents;
}

static void lo_up(void)
{
	int fd = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	CHECK_EQ(SYS(SYS_ioctl, fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}

/* A UDP socket bound to 127.0.0.1 with an ephemeral port, in *a. */
static int udp_socket(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int s = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);

	CHECK(s >= 0);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_EQ(SYS(SYS_bind, s, a, sizeof(*a)), 0);
	CHECK_EQ(SYS(SYS_getsockname, s, a, &len), 0);
	CHECK_EQ(len, sizeof(*a));
	CHECK_NE(a->sin_port, 0);
	return s;
}

static void write_sysctl(const char *path, const char *v, long want)
{
	int fd = SYS(SYS_openat, AT_FDCWD, path, O_WRONLY);

	CHECK(fd >= 0);
	if (want < 0)
		CHECK_ERR(SYS(SYS_write, fd, v, strlen(v)), -want);
	else
		CHECK_EQ(SYS(SYS_write, fd, v, strlen(v)), want);
	close(fd);
}

/*
 * Ports below net.ipv4.ip_unprivileged_port_start need privilege: a
 * process with euid 65534 gets EACCES for them, for UDP too, and the
 * sysctl moves the bound (not past the local port range's start, 32768:
 * EINVAL).
 */
static void privileged_ports(void)
{
	static const char path[] = "/proc/sys/net/ipv4/ip_unprivileged_port_start";
	struct sockaddr_in a = { .sin_family = AF_INET };
	char buf[16] = { 0 };
	int fd, status;
	pid_t pid;

	fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK_MEM(buf, "1024\n", 5);
	close(fd);
	write_sysctl(path, "32769", -EINVAL);
	write_sysctl(path, "65536", -EINVAL);
	write_sysctl(path, "1000\n", 5);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	pid = fork();
	if (!pid) {
		CHECK_EQ(SYS(SYS_setresuid, 65534, 65534, 65534), 0);
		fd = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
		a.sin_port = htons(999);
		CHECK_ERR(SYS(SYS_bind, fd, &a, sizeof(a)), EACCES);
		a.sin_port = htons(1000);
		CHECK_EQ(SYS(SYS_bind, fd, &a, sizeof(a)), 0);
		close(fd);
		_exit(check_done());
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	write_sysctl(path, "1024", 4);
	/* Root binds below it. */
	fd = SYS(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	a.sin_port = htons(999);
	CHECK_EQ(SYS(SYS_bind, fd, &a, sizeof(a)), 0);
	close(fd);
}

int main(void)
{
	struct sockaddr_in aa, ba, from;
	socklen_t len;
	char buf[64];
	struct iovec iov = { buf, 4 };
	struct msghdr mh;
	int a, b, avail = -1;

	lo_up();
	a = udp_socket(&aa);
	b = udp_socket(&ba);

	/* Nothing yet. */
	CHECK_EQ(poll_one(b, POLLIN | POLLOUT, 0), POLLOUT);
	CHECK_ERR(SYS(SYS_recvfrom, b, buf, sizeof(buf), MSG_DONTWAIT, 0, 0),
		  EAGAIN);

	CHECK_EQ(SYS(SYS_sendto, a, "hello", 5, 0, &ba, sizeof(ba)), 5);
	CHECK_EQ(poll_one(b, POLLIN, 5000), POLLIN);
	len = sizeof(from);
	memset(&from, 0, sizeof(from));
	CHECK_EQ(SYS(SYS_recvfrom, b, buf, sizeof(buf), MSG_PEEK, &from, &len),
		 5);
	CHECK_EQ(len, sizeof(from));
	CHECK_EQ(from.sin_family, AF_INET);
	CHECK_EQ(from.sin_port, aa.sin_port);
	CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(SYS(SYS_recvfrom, b, buf, sizeof(buf), 0, 0, 0), 5);
	CHECK_MEM(buf, "hello", 5);
	CHECK_ERR(SYS(SYS_recvfrom, b, buf, sizeof(buf), MSG_DONTWAIT, 0, 0),
		  EAGAIN);

	/* Datagrams keep their boundaries; a short buffer truncates. */
	CHECK_EQ(SYS(SYS_sendto, a, "0123456789", 10, 0, &ba, sizeof(ba)), 10);
	CHECK_EQ(SYS(SYS_sendto, a, "abcdefghij", 10, 0, &ba, sizeof(ba)), 10);
	CHECK_EQ(poll_one(b, POLLIN, 5000), POLLIN);
	sleep_ms(50); /* both datagrams in; FIONREAD is the first one's */
	CHECK_EQ(SYS(SYS_ioctl, b, FIONREAD, &avail), 0);
	CHECK_EQ(avail, 10);
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK_EQ(SYS(SYS_recvmsg, b, &mh, 0), 4);
	CHECK_EQ(mh.msg_flags, MSG_TRUNC);
	CHECK_MEM(buf, "0123", 4);
	mh.msg_flags = 0;
	CHECK_EQ(SYS(SYS_recvmsg, b, &mh, MSG_TRUNC), 10);
	CHECK_EQ(mh.msg_flags, MSG_TRUNC);
	CHECK_MEM(buf, "abcd", 4);

	/* Connected UDP: send without an address, getpeername. */
	CHECK_ERR(SYS(SYS_sendto, b, "x", 1, 0, 0, 0), EDESTADDRREQ);
	CHECK_ERR(SYS(SYS_getpeername, b, &from, &len), ENOTCONN);
	CHECK_EQ(SYS(SYS_connect, b, &aa, sizeof(aa)), 0);
	len = sizeof(from);
	CHECK_EQ(SYS(SYS_getpeername, b, &from, &len), 0);
	CHECK_EQ(from.sin_port, aa.sin_port);
	CHECK_EQ(SYS(SYS_sendto, b, "conn", 4, 0, 0, 0), 4);
	CHECK_EQ(write(b, "wr", 2), 2);
	CHECK_EQ(SYS(SYS_recvfrom, a, buf, sizeof(buf), 0, 0, 0), 4);
	CHECK_MEM(buf, "conn", 4);
	CHECK_EQ(read(a, buf, sizeof(buf)), 2);
	CHECK_MEM(buf, "wr", 2);
	/*
	 * UDP_CORK and MSG_MORE build one datagram, for the first piece's
	 * destination (later addresses are not looked at); one over 65507
	 * bytes is EMSGSIZE and dropped whole.
	 */
	{
		static char big[65000];
		int on = 1, off = 0, v = -1;

		len = sizeof(v);
		CHECK_EQ(SYS(SYS_getsockopt, a, IPPROTO_UDP, UDP_CORK, &v, &len),
			 0);
		CHECK_EQ(v, 0);
		CHECK_EQ(SYS(SYS_setsockopt, a, IPPROTO_UDP, UDP_CORK, &on,
			     sizeof(on)), 0);
		CHECK_EQ(SYS(SYS_getsockopt, a, IPPROTO_UDP, UDP_CORK, &v, &len),
			 0);
		CHECK_EQ(v, 1);
		CHECK_EQ(SYS(SYS_sendto, a, "ab", 2, 0, &ba, sizeof(ba)), 2);
		CHECK_EQ(SYS(SYS_sendto, a, "cd", 2, 0, &aa, sizeof(aa)), 2);
		CHECK_ERR(SYS(SYS_recvfrom, b, buf, sizeof(buf), MSG_DONTWAIT,
			      0, 0), EAGAIN);
		CHECK_EQ(SYS(SYS_setsockopt, a, IPPROTO_UDP, UDP_CORK, &off,
			     sizeof(off)), 0);
		CHECK_EQ(poll_one(b, POLLIN, 5000), POLLIN);
		CHECK_EQ(SYS(SYS_recvfrom, b, buf, sizeof(buf), 0, 0, 0), 4);
		CHECK_MEM(buf, "abcd", 4);
		CHECK_EQ(SYS(SYS_sendto, a, "ef", 2, MSG_MORE, &ba, sizeof(ba)),
			 2);
		CHECK_ERR(SYS(SYS_recvfrom, b, buf, sizeof(buf), MSG_DONTWAIT,
			      0, 0), EAGAIN);
		CHECK_EQ(SYS(SYS_sendto, a, "g", 1, 0, &ba, sizeof(ba)), 1);
		CHECK_EQ(poll_one(b, POLLIN, 5000), POLLIN);
		CHECK_EQ(SYS(SYS_recvfrom, b, buf, sizeof(buf), 0, 0, 0), 3);
		CHECK_MEM(buf, "efg", 3);
		CHECK_EQ(SYS(SYS_sendto, a, big, sizeof(big), MSG_MORE, &ba,
			     sizeof(ba)), sizeof(big));
		CHECK_ERR(SYS(SYS_sendto, a, big, 600, 0, &ba, sizeof(ba)),
			  EMSGSIZE);
		CHECK_EQ(SYS(SYS_sendto, a, "h", 1, 0, &ba, sizeof(ba)), 1);
		CHECK_EQ(poll_one(b, POLLIN, 5000), POLLIN);
		CHECK_EQ(SYS(SYS_recvfrom, b, buf, sizeof(buf), 0, 0, 0), 1);
		CHECK_MEM(buf, "h", 1);
	}

	/* MSG_BATCH (sendmmsg's "more follow") is accepted, as Linux. */
	CHECK_EQ(SYS(SYS_sendto, b, "bat", 3, LINUX_MSG_BATCH, 0, 0), 3);
	CHECK_EQ(read(a, buf, sizeof(buf)), 3);
	CHECK_MEM(buf, "bat", 3);

	/* Bad pointers and lengths. */
	CHECK_ERR(SYS(SYS_sendto, a, (void *)8, 5, 0, &ba, sizeof(ba)), EFAULT);
	CHECK_ERR(SYS(SYS_sendto, a, "x", 1, 0, (void *)8, sizeof(ba)), EFAULT);
	CHECK_ERR(SYS(SYS_sendto, a, "x", 1, 0, &ba, 4), EINVAL);
	CHECK_ERR(SYS(SYS_sendto, -1, "x", 1, 0, &ba, sizeof(ba)), EBADF);
	close(a);
	close(b);
	privileged_ports();
	return check_done();
}
