//go:build unix

package cli

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// watchReader calls gone, once, as soon as the reader of w goes away: w is
// the write end of a pipe whose read end was closed (`odx get … | head -1`).
// A write error would tell too, but only at the next write, a page (and a
// request that may take long) later; the watcher lets the caller cancel the
// request in flight at once.
//
// While watching, SIGPIPE is caught, so a write to a closed standard output
// fails with EPIPE (which odx turns into a quiet exit) instead of killing
// the process. The returned function stops watching and waits for the
// watcher to end; call it before w is closed. Writers that are not pipes
// are not watched.
func watchReader(w io.Writer, gone func()) (stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGPIPE)
	stopSignal := func() { signal.Stop(sig) }
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return stopSignal
	}
	rc, err := f.SyscallConn()
	var wake [2]int // closing wake[1] ends the watcher's poll
	if err == nil {
		err = unix.Pipe2(wake[:], unix.O_CLOEXEC)
	}
	if err != nil {
		return stopSignal
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		rc.Control(func(fd uintptr) {
			// No events asked of the pipe: poll still reports POLLERR
			// (Linux) or POLLHUP once its read end is closed.
			fds := []unix.PollFd{{Fd: int32(fd)}, {Fd: int32(wake[0]), Events: unix.POLLIN}}
			for {
				_, err := unix.Poll(fds, -1)
				if err == unix.EINTR {
					continue
				}
				if err != nil || fds[1].Revents != 0 {
					return
				}
				if fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0 {
					gone()
					return
				}
				if fds[0].Revents != 0 { // POLLNVAL: not a descriptor to watch
					return
				}
			}
		})
	}()
	return func() {
		unix.Close(wake[1])
		<-done
		unix.Close(wake[0])
		stopSignal()
	}
}
