// Package memnet is an in-memory network for tests that run HTTP under
// testing/synctest: a bubble cannot hold real sockets, but net.Pipe is made
// of channels, so a goroutine waiting on it is durably blocked and the
// bubble's fake clock can run on.
package memnet

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// Network is a listener whose connections come from its Dial.
type Network struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// New returns an empty network. Create it inside the bubble that uses it.
func New() *Network {
	return &Network{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept implements net.Listener.
func (n *Network) Accept() (net.Conn, error) {
	select {
	case c := <-n.conns:
		return c, nil
	case <-n.done:
		return nil, net.ErrClosed
	}
}

// Close implements net.Listener; later Dials fail.
func (n *Network) Close() error { n.once.Do(func() { close(n.done) }); return nil }

// Addr implements net.Listener.
func (n *Network) Addr() net.Addr { return addr{} }

// Dial connects to the listener, whatever the address; it has the shape of
// net.Dialer.DialContext.
func (n *Network) Dial(ctx context.Context, _, _ string) (net.Conn, error) {
	srv, cli := net.Pipe()
	select {
	case n.conns <- srv:
		return cli, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-n.done:
		return nil, net.ErrClosed
	}
}

type addr struct{}

func (addr) Network() string { return "memnet" }
func (addr) String() string  { return "memnet" }

// Serve serves h on a new network and returns a transport that dials it.
// stop closes the server, the network and the transport's idle
// connections; call it before the bubble ends.
func Serve(h http.Handler) (tr *http.Transport, stop func()) {
	n := New()
	srv := &http.Server{Handler: h}
	go srv.Serve(n)
	tr = &http.Transport{DialContext: n.Dial}
	return tr, func() {
		tr.CloseIdleConnections()
		srv.Close()
		n.Close()
	}
}
