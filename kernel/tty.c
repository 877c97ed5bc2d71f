/*
 * The terminal core: Linux's n_tty line discipline over a driver. The
 * console (console.c, a PL011) and the pty slaves (pty.c) are drivers.
 *
 * Input arrives from the driver (the UART interrupt, or a write on a pty
 * master) a character at a time; the discipline edits the line (erase,
 * kill, word erase, literal next), echoes and wakes readers. The input
 * ring holds characters with a flag for line ends and end-of-file marks;
 * in canonical mode only what lies before the last line end (canon) is
 * readable, in raw mode everything is.
 *
 * Output goes to the driver with OPOST processing (ONLCR, OCRNL, ONOCR,
 * XTABS). The column is tracked so that erasing a tab backs up the right
 * number of places. A driver with a bounded buffer (the pty master's)
 * makes writers wait for room; echoes that do not fit are dropped.
 *
 * Lock: tty->lock (see tty.h).
 */
#include "fs/fs.h"
#include "irq.h"
#include "lib.h"
#include "proc.h"
#include "tty.h"
#include "uaccess.h"
#include "abi/linux/errno.h"
#include "abi/linux/fcntl.h"
#include "abi/linux/poll.h"
#include "abi/linux/signal.h"

#define SIGINT 2
#define SIGQUIT 3
#define SIGTSTP 20
#define SIGWINCH 28

/* Flags stored above the character in the ring. */
#define TTY_EOL 0x100  /* ends a canonical line */
#define TTY_EOF 0x200  /* ^D: ends a line and is never read */
/* The most output one character can make (a tab expanded to spaces). */
#define TTY_OUT_MAX 8

#define CTRL(c) ((c) & 0x1f)

/* Linux's tty_std_termios and INIT_C_CC; drivers set their own c_cflag. */
const struct linux_termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0,
		[VMIN] = 1, [VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'),
		[VLNEXT] = CTRL('V'),
	},
};

/* The caller has initialised tty->lock (the console's is static). */
void tty_init(struct tty *tty, const struct tty_driver *driver,
	      const struct linux_termios *termios)
{
	waitq_init(&tty->read_wq);
	waitq_init(&tty->write_wq);
	spin_lock(&tty->lock);
	tty->driver = driver;
	tty->termios = *termios;
	tty->ready = true;
	spin_unlock(&tty->lock);
}

static bool L(struct tty *tty, u32 flag)
{
	return tty->termios.c_lflag & flag;
}

static bool I(struct tty *tty, u32 flag)
{
	return tty->termios.c_iflag & flag;
}

static bool O(struct tty *tty, u32 flag)
{
	return tty->termios.c_oflag & flag;
}

/* A NUL control character is disabled (_POSIX_VDISABLE). */
static bool is_cc(struct tty *tty, u8 c, int idx)
{
	return tty->termios.c_cc[idx] && c == tty->termios.c_cc[idx];
}

static bool is_cntrl(u8 c)
{
	return c < 0x20 || c == 0x7f;
}

/* Hands the pending output to the driver; what it cannot take is lost. */
static void flush_output(struct tty *tty)
{
	if (tty->olen)
		tty->driver->write(tty, tty->obuf, tty->olen);
	tty->olen = 0;
}

static void put_raw(struct tty *tty, u8 c)
{
	if (tty->olen == sizeof(tty->obuf))
		flush_output(tty);
	tty->obuf[tty->olen++] = c;
}

/* One character through OPOST processing, keeping the column. */
static void put_char(struct tty *tty, u8 c)
{
	if (!O(tty, OPOST)) {
		put_raw(tty, c);
		return;
	}
	switch (c) {
	case '\n':
		if (O(tty, ONLCR)) {
			put_raw(tty, '\r');
			tty->column = 0;
		}
		if (O(tty, ONLRET))
			tty->column = 0;
		break;
	case '\r':
		if (O(tty, ONOCR) && tty->column == 0)
			return;
		if (O(tty, OCRNL)) {
			c = '\n';
			if (O(tty, ONLRET))
				tty->column = 0;
			break;
		}
		tty->column = 0;
		break;
	case '\t':
		if ((tty->termios.c_oflag & TABDLY) == XTABS) {
			/* XTABS: spaces up to the next multiple of 8. */
			do {
				put_raw(tty, ' ');
				tty->column++;
			} while (tty->column & 7);
			return;
		}
		tty->column = (tty->column | 7) + 1;
		break;
	case '\b':
		if (tty->column)
			tty->column--;
		break;
	default:
		/* UTF-8 continuation bytes take no column of their own. */
		if (!is_cntrl(c) && (!I(tty, IUTF8) || (c & 0xc0) != 0x80))
			tty->column++;
	}
	put_raw(tty, c);
}

static void put_str(struct tty *tty, const char *s)
{
	while (*s)
		put_char(tty, *s++);
}

/* Echoes an input character: control characters as ^X under ECHOCTL. */
static void echo_char(struct tty *tty, u8 c)
{
	if (!L(tty, ECHO))
		return;
	if (L(tty, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		put_char(tty, '^');
		put_char(tty, c ^ 0x40);
	} else {
		put_char(tty, c);
	}
}

static u32 used(struct tty *tty)
{
	return tty->head - tty->tail;
}

static u16 slot(struct tty *tty, u32 i)
{
	return tty->buf[i % TTY_BUF];
}

static void store(struct tty *tty, u16 v)
{
	tty->buf[tty->head++ % TTY_BUF] = v;
}

/* The width the echo of the edited line takes up to index end. */
static u32 line_column(struct tty *tty, u32 end)
{
	u32 col = tty->canon_column;

	for (u32 i = tty->canon; i != end; i++) {
		u8 c = slot(tty, i);

		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c))
			col += L(tty, ECHOCTL) ? 2 : 0;
		else if (!I(tty, IUTF8) || (c & 0xc0) != 0x80)
			col++;
	}
	return col;
}

/* Takes the last character of the edited line back off the screen. */
static void rub_out(struct tty *tty, u8 c)
{
	u32 col;

	if (c == '\t') {
		col = line_column(tty, tty->head);
		while (tty->column > col)
			put_char(tty, '\b');
	} else if (is_cntrl(c)) {
		if (L(tty, ECHOCTL))
			put_str(tty, "\b \b\b \b");
	} else if (!I(tty, IUTF8) || (c & 0xc0) != 0x80) {
		put_str(tty, "\b \b");
	}
}

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

/* VERASE, VWERASE and VKILL on the line being edited. */
static void erase(struct tty *tty, enum erase_kind kind, u8 key)
{
	bool seen_word = false;
	u8 c;

	if (tty->head == tty->canon)
		return;
	if (kind == ERASE_LINE && (!L(tty, ECHO) || !L(tty, ECHOK) || !L(tty, ECHOKE) ||
				   !L(tty, ECHOE))) {
		tty->head = tty->canon;
		echo_char(tty, key);
		if (L(tty, ECHO) && L(tty, ECHOK))
			put_char(tty, '\n');
		return;
	}
	if (kind == ERASE_CHAR && L(tty, ECHO) && !L(tty, ECHOE)) {
		/* Without ECHOE the erase character itself is echoed. */
		echo_char(tty, key);
	}
	while (tty->head != tty->canon) {
		c = slot(tty, tty->head - 1);
		if (kind == ERASE_WORD) {
			bool alnum = c == '_' || (c >= '0' && c <= '9') ||
				     ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');

			if (alnum)
				seen_word = true;
			else if (seen_word)
				break;
		}
		tty->head--;
		if (L(tty, ECHO) && (L(tty, ECHOE) || kind != ERASE_CHAR))
			rub_out(tty, c);
		/* A UTF-8 character goes as a whole, lead byte last. */
		if (kind == ERASE_CHAR &&
		    (!I(tty, IUTF8) || (c & 0xc0) != 0x80 || tty->head == tty->canon))
			break;
	}
}

/* Makes everything up to head readable, as a line end does. */
static void commit(struct tty *tty)
{
	tty->canon = tty->head;
	tty->canon_column = tty->column;
}

static void flush_input(struct tty *tty)
{
	tty->head = tty->canon = tty->tail;
	tty->lnext = false;
}

/* The interrupt-side line discipline; returns true if readers may go on. */
static bool receive(struct tty *tty, u8 c)
{
	bool canon = L(tty, ICANON);

	if (I(tty, ISTRIP))
		c &= 0x7f;
	if (tty->lnext) {
		tty->lnext = false;
		goto normal;
	}
	if (c == '\r') {
		if (I(tty, IGNCR))
			return false;
		if (I(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(tty, INLCR)) {
		c = '\r';
	}
	if (I(tty, IXON)) {
		if (is_cc(tty, c, VSTOP)) {
			tty->stopped = true;
			return false;
		}
		if (is_cc(tty, c, VSTART)) {
			tty->stopped = false;
			wake_up_all(&tty->write_wq);
			return false;
		}
	}
	if (L(tty, ISIG)) {
		static const struct {
			int cc, sig;
		} sigchars[] = {
			{ VINTR, SIGINT }, { VQUIT, SIGQUIT }, { VSUSP, SIGTSTP },
		};

		for (size_t i = 0; i < ARRAY_SIZE(sigchars); i++) {
			if (!is_cc(tty, c, sigchars[i].cc))
				continue;
			if (!L(tty, NOFLSH))
				flush_input(tty);
			echo_char(tty, c);
			tty->signal = sigchars[i].sig;
			return false;
		}
	}
	if (canon) {
		if (is_cc(tty, c, VERASE) || (L(tty, IEXTEN) && is_cc(tty, c, VWERASE)) ||
		    is_cc(tty, c, VKILL)) {
			erase(tty, is_cc(tty, c, VKILL)    ? ERASE_LINE
			      : is_cc(tty, c, VERASE) ? ERASE_CHAR
						 : ERASE_WORD, c);
			return false;
		}
		if (L(tty, IEXTEN) && is_cc(tty, c, VLNEXT)) {
			tty->lnext = true;
			if (L(tty, ECHO) && L(tty, ECHOCTL)) {
				put_char(tty, '^');
				put_char(tty, '\b');
			}
			return false;
		}
		if (is_cc(tty, c, VEOF)) {
			if (used(tty) >= TTY_BUF)
				return false;
			store(tty, TTY_EOF);
			commit(tty);
			return true;
		}
		if (c == '\n' || is_cc(tty, c, VEOL) || is_cc(tty, c, VEOL2)) {
			if (used(tty) >= TTY_BUF)
				return false;
			if (L(tty, ECHO) || (c == '\n' && L(tty, ECHONL)))
				echo_char(tty, c);
			store(tty, TTY_EOL | c);
			commit(tty);
			return true;
		}
	}
normal:
	/* In canonical mode the last slot is kept for the line's end. */
	if (used(tty) >= TTY_BUF - (canon ? 1 : 0))
		return false;
	if (canon && tty->head == tty->canon)
		tty->canon_column = tty->column;
	echo_char(tty, c);
	store(tty, c);
	if (!canon)
		tty->canon = tty->head;
	return !canon;
}

/* Room in the input ring; in canonical mode one slot is kept for an end. */
size_t tty_receive_room(struct tty *tty)
{
	u32 keep = (tty->termios.c_lflag & ICANON) ? 1 : 0;

	return used(tty) >= TTY_BUF - keep ? 0 : TTY_BUF - keep - used(tty);
}

size_t tty_receive(struct tty *tty, const char *buf, size_t n)
{
	bool wake = false;
	int sig = 0;
	size_t i = 0;

	spin_lock(&tty->lock);
	if (tty->ready) {
		for (; i < n; i++) {
			/*
			 * A full ring with something to read stops the
			 * sender until a reader drains it; with nothing to
			 * read (a line too long) the discipline drops the
			 * byte, as n_tty does, so that a writer never hangs.
			 */
			if (!tty_receive_room(tty) && tty->canon != tty->tail)
				break;
			wake |= receive(tty, (u8)buf[i]);
			if (tty->signal && !sig)
				sig = tty->signal;
			tty->signal = 0;
		}
		flush_output(tty);
	}
	spin_unlock(&tty->lock);
	if (wake)
		wake_up_all(&tty->read_wq);
	if (sig)
		tty_ctl_signal(&tty->ctl, sig);
	return i;
}

void tty_wake_all(struct tty *tty)
{
	wake_up_all(&tty->read_wq);
	wake_up_all(&tty->write_wq);
}

static bool input_ready(struct tty *tty)
{
	bool r;

	spin_lock(&tty->lock);
	r = tty->canon != tty->tail || tty->hung_up;
	spin_unlock(&tty->lock);
	return r;
}

/*
 * Sleeps until there is input, the deadline (0: none) passes or a signal
 * comes: 0, -ETIMEDOUT or -ERESTARTSYS.
 */
static long wait_input(struct tty *tty, u64 deadline)
{
	struct wait_entry w;
	long r = 0;

	prepare_to_wait(&tty->read_wq, &w, TASK_INTERRUPTIBLE);
	if (!input_ready(tty)) {
		if (signal_pending())
			r = -ERESTARTSYS;
		else if (deadline)
			r = schedule_until(deadline);
		else
			schedule();
	}
	finish_wait(&tty->read_wq, &w);
	return r;
}

/*
 * Moves up to n readable bytes into kbuf. In canonical mode it stops after
 * a line end, and an end-of-file mark is consumed without being copied;
 * *line_done says either happened. Raw mode skips marks left over from
 * canonical mode.
 */
static size_t take_input(struct tty *tty, char *kbuf, size_t n,
			 bool *line_done)
{
	size_t k = 0;
	u16 v;

	spin_lock(&tty->lock);
	while (k < n && tty->tail != tty->canon) {
		v = slot(tty, tty->tail++);
		if (v & TTY_EOF) {
			if (L(tty, ICANON)) {
				*line_done = true;
				break;
			}
			continue;
		}
		kbuf[k++] = (char)v;
		if ((v & TTY_EOL) && L(tty, ICANON)) {
			*line_done = true;
			break;
		}
	}
	/*
	 * A line ended by ^D that fills the buffer exactly takes its mark
	 * along, as n_tty's canon_copy_from_read_buf: the next read must
	 * not find an end-of-file that was this line's end.
	 */
	if (k == n && !*line_done && L(tty, ICANON) &&
	    tty->tail != tty->canon && (slot(tty, tty->tail) & TTY_EOF)) {
		tty->tail++;
		*line_done = true;
	}
	spin_unlock(&tty->lock);
	/* A pty master may have been waiting for room. */
	if (k || *line_done)
		wake_up_all(&tty->write_wq);
	return k;
}

static u64 deciseconds_from_now(u8 ds)
{
	return timer_now() + ns_to_ticks((u64)ds * 100000000);
}

/*
 * Canonical mode returns one line at most, raw mode follows VMIN and
 * VTIME: it returns once VMIN bytes arrived (VTIME then times the gap
 * between bytes), or after VTIME with whatever came when VMIN is 0.
 * Bytes are taken off the ring before being copied out, so a bad buffer
 * loses them, as with Linux's copy through a kernel buffer. After a
 * hangup a read finds end-of-file.
 */
ssize_t tty_read(struct tty *tty, struct file *f, char *ubuf, size_t n)
{
	char kbuf[128];
	size_t done = 0, k, want;
	bool canon, line_done = false;
	u8 vmin, vtime;
	u64 deadline = 0;
	long err;

	if (READ_ONCE(tty->hung_up))
		return 0;
	/* A background process group may not read its terminal. */
	err = tty_check_access(&tty->ctl, SIGTTIN);
	if (err)
		return err;
	spin_lock(&tty->lock);
	canon = L(tty, ICANON);
	vmin = tty->termios.c_cc[VMIN];
	vtime = tty->termios.c_cc[VTIME];
	spin_unlock(&tty->lock);
	want = canon ? 1 : MIN((size_t)vmin, n);
	if (!canon && vtime && !vmin)
		deadline = deciseconds_from_now(vtime);
	for (;;) {
		k = take_input(tty, kbuf, MIN(sizeof(kbuf), n - done),
			       &line_done);
		if (k && copy_to_user(ubuf + done, kbuf, k))
			return done ? (ssize_t)done : -EFAULT;
		done += k;
		if (done == n || line_done)
			break;
		if (k && (canon || done < want))
			continue; /* more may be there already */
		if (done && (canon || done >= want))
			break;
		if (!canon && !vmin && !vtime)
			break;
		if (READ_ONCE(tty->hung_up))
			break;
		if (f->flags & O_NONBLOCK) {
			if (!done)
				return -EAGAIN;
			break;
		}
		if (!canon && vtime && vmin && done)
			deadline = deciseconds_from_now(vtime);
		err = wait_input(tty, deadline);
		if (err == -ETIMEDOUT)
			break;
		if (err)
			return done ? (ssize_t)done : err;
	}
	return done;
}

/* Room for one more character's output; caller holds tty->lock. */
static bool output_room(struct tty *tty)
{
	if (!tty->driver->write_room)
		return true;
	if (tty->driver->write_room(tty) >= tty->olen + TTY_OUT_MAX)
		return true;
	flush_output(tty);
	return tty->driver->write_room(tty) >= TTY_OUT_MAX;
}

static bool can_write(struct tty *tty)
{
	bool r;

	spin_lock(&tty->lock);
	r = tty->hung_up || (!tty->stopped && output_room(tty));
	spin_unlock(&tty->lock);
	return r;
}

/*
 * Writes go out as far as the driver has room and output is not stopped
 * (^S); then the writer waits, or gets EAGAIN under O_NONBLOCK. With
 * TOSTOP a background process group is stopped first, as Linux's
 * n_tty_write does.
 */
ssize_t tty_write(struct tty *tty, struct file *f, const char *ubuf,
		  size_t n)
{
	char kbuf[256];
	size_t done = 0, chunk, i;
	long err = 0;

	if (READ_ONCE(tty->hung_up))
		return -EIO;
	if (READ_ONCE(tty->termios.c_lflag) & TOSTOP) {
		err = tty_check_access(&tty->ctl, SIGTTOU);
		if (err)
			return err;
	}
	while (done < n) {
		chunk = MIN(sizeof(kbuf), user_chunk(ubuf + done, n - done));
		if (copy_from_user(kbuf, ubuf + done, chunk)) {
			err = -EFAULT;
			break;
		}
		spin_lock(&tty->lock);
		for (i = 0; i < chunk && !tty->stopped && !tty->hung_up &&
			    output_room(tty); i++)
			put_char(tty, kbuf[i]);
		flush_output(tty);
		spin_unlock(&tty->lock);
		done += i;
		if (i == chunk)
			continue;
		if (READ_ONCE(tty->hung_up)) {
			err = -EIO;
			break;
		}
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		err = wait_event_interruptible(tty->write_wq, can_write(tty));
		if (err)
			break;
	}
	return done ? (ssize_t)done : err;
}

long tty_inq(struct tty *tty)
{
	long n = 0;

	spin_lock(&tty->lock);
	for (u32 i = tty->tail; i != tty->canon; i++)
		n += !(slot(tty, i) & TTY_EOF);
	spin_unlock(&tty->lock);
	return n;
}

static void set_termios(struct tty *tty, const struct linux_termios *t,
			bool flush)
{
	bool was_canon = L(tty, ICANON);

	tty->termios = *t;
	if (flush)
		flush_input(tty);
	/* As n_tty: pending input becomes the edited line, or readable. */
	if (L(tty, ICANON) && !was_canon)
		tty->canon = tty->tail;
	else if (!L(tty, ICANON))
		tty->canon = tty->head;
	tty->lnext = false;
	if (!I(tty, IXON) && tty->stopped) {
		tty->stopped = false;
		wake_up_all(&tty->write_wq);
	}
}

static long ioc_tcgets(struct tty *tty, struct file *f, unsigned long arg)
{
	struct linux_termios t;

	spin_lock(&tty->lock);
	t = tty->termios;
	spin_unlock(&tty->lock);
	return copy_to_user((void *)arg, &t, sizeof(t));
}

static long ioc_tcsets(struct tty *tty, unsigned long arg, bool flush)
{
	struct linux_termios t;

	if (copy_from_user(&t, (void *)arg, sizeof(t)))
		return -EFAULT;
	spin_lock(&tty->lock);
	set_termios(tty, &t, flush);
	spin_unlock(&tty->lock);
	/* Raw mode may have made the edited line readable. */
	tty_wake_all(tty);
	return 0;
}

static long ioc_tcsets_now(struct tty *tty, struct file *f,
			   unsigned long arg)
{
	return ioc_tcsets(tty, arg, false);
}

static long ioc_tcsets_flush(struct tty *tty, struct file *f,
			     unsigned long arg)
{
	return ioc_tcsets(tty, arg, true);
}

static long ioc_gwinsz(struct tty *tty, struct file *f, unsigned long arg)
{
	struct linux_winsize w;

	spin_lock(&tty->lock);
	w = tty->winsize;
	spin_unlock(&tty->lock);
	return copy_to_user((void *)arg, &w, sizeof(w));
}

/* A new size sends SIGWINCH to the foreground group, as tty_do_resize. */
static long ioc_swinsz(struct tty *tty, struct file *f, unsigned long arg)
{
	struct linux_winsize w;
	bool changed;

	if (copy_from_user(&w, (void *)arg, sizeof(w)))
		return -EFAULT;
	spin_lock(&tty->lock);
	changed = memcmp(&w, &tty->winsize, sizeof(w)) != 0;
	tty->winsize = w;
	spin_unlock(&tty->lock);
	if (changed)
		tty_ctl_signal(&tty->ctl, SIGWINCH);
	return 0;
}

static long ioc_inq(struct tty *tty, struct file *f, unsigned long arg)
{
	int n = tty_inq(tty);

	return copy_to_user((void *)arg, &n, sizeof(n));
}

/* Output is handed to the driver at once: nothing is queued here. */
static long ioc_outq(struct tty *tty, struct file *f, unsigned long arg)
{
	int n = 0;

	return copy_to_user((void *)arg, &n, sizeof(n));
}

static long ioc_flush(struct tty *tty, struct file *f, unsigned long arg)
{
	if (arg > TCIOFLUSH)
		return -EINVAL;
	if (arg != TCOFLUSH) {
		spin_lock(&tty->lock);
		flush_input(tty);
		spin_unlock(&tty->lock);
		wake_up_all(&tty->write_wq);
	}
	return 0;
}

/* TCXONC: TCOOFF and TCOON stop and start output; TCIOFF/TCION send. */
static long ioc_xonc(struct tty *tty, struct file *f, unsigned long arg)
{
	static const int start_stop[] = { VSTOP, VSTART };
	char c;

	if (arg > 3)
		return -EINVAL;
	spin_lock(&tty->lock);
	if (arg < 2) {
		tty->stopped = arg == 0;
	} else {
		c = tty->termios.c_cc[start_stop[arg - 2]];
		if (c)
			tty->driver->write(tty, &c, 1);
	}
	spin_unlock(&tty->lock);
	wake_up_all(&tty->write_wq);
	return 0;
}

/* tcdrain() and tcsendbreak(): output has always gone to the driver. */
static long ioc_drain(struct tty *tty, struct file *f, unsigned long arg)
{
	return 0;
}

/* Job control lives in kernel/jobctl.c. */
static long ioc_gpgrp(struct tty *tty, struct file *f, unsigned long arg)
{
	return tty_ioctl_gpgrp(&tty->ctl, arg);
}

static long ioc_spgrp(struct tty *tty, struct file *f, unsigned long arg)
{
	return tty_ioctl_spgrp(&tty->ctl, arg);
}

static long ioc_sctty(struct tty *tty, struct file *f, unsigned long arg)
{
	return tty_ioctl_sctty(&tty->ctl, arg);
}

static long ioc_notty(struct tty *tty, struct file *f, unsigned long arg)
{
	return tty_ioctl_notty(&tty->ctl, arg);
}

static long ioc_gsid(struct tty *tty, struct file *f, unsigned long arg)
{
	return tty_ioctl_gsid(&tty->ctl, arg);
}

/* Linux's tty_ioctl answers TIOCGPTPEER on anything but a pty master. */
static long ioc_ptpeer(struct tty *tty, struct file *f, unsigned long arg)
{
	return -EIO;
}

static const struct {
	unsigned int cmd;
	long (*fn)(struct tty *tty, struct file *f, unsigned long arg);
} tty_ioctls[] = {
	{ TCGETS, ioc_tcgets },
	{ TCSETS, ioc_tcsets_now },
	{ TCSETSW, ioc_tcsets_now },
	{ TCSETSF, ioc_tcsets_flush },
	{ TIOCGWINSZ, ioc_gwinsz },
	{ TIOCSWINSZ, ioc_swinsz },
	{ FIONREAD, ioc_inq },
	{ TIOCOUTQ, ioc_outq },
	{ TCFLSH, ioc_flush },
	{ TCXONC, ioc_xonc },
	{ TCSBRK, ioc_drain },
	{ TIOCGPGRP, ioc_gpgrp },
	{ TIOCSPGRP, ioc_spgrp },
	{ TIOCSCTTY, ioc_sctty },
	{ TIOCNOTTY, ioc_notty },
	{ TIOCGSID, ioc_gsid },
	{ TIOCGPTPEER, ioc_ptpeer },
};

/*
 * A hung-up terminal answers EIO, but ENOTTY for TIOCSPGRP, as Linux's
 * hung_up_tty_ioctl.
 */
long tty_ioctl(struct tty *tty, struct file *f, unsigned int cmd,
	       unsigned long arg)
{
	if (READ_ONCE(tty->hung_up))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	for (size_t i = 0; i < ARRAY_SIZE(tty_ioctls); i++)
		if (tty_ioctls[i].cmd == cmd)
			return tty_ioctls[i].fn(tty, f, arg);
	return -ENOTTY;
}

/*
 * As n_tty_poll: readable when a read would not wait (a line, or VMIN
 * bytes in raw mode without VTIME), writable when the driver has room.
 * A hung-up terminal is everything at once, as hung_up_tty_poll.
 */
u32 tty_poll(struct tty *tty, struct file *f, struct poll_table *pt)
{
	u32 mask = 0, need = 1;

	poll_wait(f, &tty->read_wq, pt);
	poll_wait(f, &tty->write_wq, pt);
	spin_lock(&tty->lock);
	if (tty->hung_up) {
		spin_unlock(&tty->lock);
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM |
		       POLLWRNORM;
	}
	if (!L(tty, ICANON) && !tty->termios.c_cc[VTIME] &&
	    tty->termios.c_cc[VMIN])
		need = tty->termios.c_cc[VMIN];
	if (tty->canon - tty->tail >= need)
		mask |= POLLIN | POLLRDNORM;
	if (!tty->driver->write_room || tty->driver->write_room(tty) > 0)
		mask |= POLLOUT | POLLWRNORM;
	spin_unlock(&tty->lock);
	return mask;
}

/*
 * /dev/tty: opens the caller's controlling terminal, with that terminal's
 * own ops (ENXIO without one), as Linux's tty_open of 5:0.
 */
static int tty_dev_open(struct file *f, u32 flags)
{
	struct tty_ctl *ctl;
	struct tty *tty;

	spin_lock(&proc_lock);
	ctl = current_ctty_locked();
	tty = ctl ? container_of(ctl, struct tty, ctl) : NULL;
	/* A pty's ctty holders are cleared before its master lets it go. */
	if (tty && tty->driver_data)
		pty_get(tty->driver_data);
	spin_unlock(&proc_lock);
	if (!tty)
		return -ENXIO;
	f->ops = tty->fops;
	f->private = tty->driver_data;
	if (f->ops->open)
		return f->ops->open(f, flags | O_NOCTTY);
	return 0;
}

const struct file_ops tty_dev_fops = {
	.open = tty_dev_open,
};
