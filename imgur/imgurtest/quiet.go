package imgurtest

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// conns tracks the server's connections that may still bring a request:
// new ones and those serving one. A client that gave up on a request it
// had already sent (a page past the end, cancelled) leaves it to arrive a
// moment later; ResetRequests waits for that, so it is not counted as the
// next command's.
type conns struct {
	mu   sync.Mutex
	busy map[net.Conn]bool
}

func (c *conns) track(conn net.Conn, state http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy == nil {
		c.busy = map[net.Conn]bool{}
	}
	switch state {
	case http.StateNew, http.StateActive:
		c.busy[conn] = true
	default:
		delete(c.busy, conn)
	}
}

func (c *conns) quiet() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.busy) == 0
}

// settleFor bounds the wait for the connections to settle: a request held
// by Options.Latency or a fault may keep one busy on purpose.
const settleFor = 2 * time.Second

// settle waits until no connection may still bring a request, or settleFor.
func (c *conns) settle() {
	for end := time.Now().Add(settleFor); !c.quiet() && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
}
