package offline

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

// Server is an offline BCDA listening on a TCP port. Its methods are safe for
// concurrent use.
type Server struct {
	// URL is the base URL to give client.WithBaseURL, e.g.
	// http://127.0.0.1:41234.
	URL string
	// Credentials select the server's ACO at POST /auth/token, the one
	// Beneficiaries sizes.
	Credentials auth.Credentials

	fake *fakebcda.Server
	http *http.Server
	done chan error

	closeOnce sync.Once
	closeErr  error
}

// Start starts an offline BCDA. The caller must Close it.
func Start(opts ...Option) (*Server, error) {
	cfg := config{addr: "127.0.0.1:0", beneficiaries: 100}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("offline: Start: option %d is nil", i+1)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	fake, err := fakebcda.NewServer(cfg.fake...)
	if err != nil {
		return nil, fmt.Errorf("offline: %w", err)
	}
	// The server's own ACO, whatever sandbox credentials BCDA publishes
	// at the time.
	creds := auth.Credentials{ClientID: "offline-aco", ClientSecret: "offline-secret-" + strconv.Itoa(cfg.beneficiaries)}
	fake.Register(creds.ClientID, creds.ClientSecret, cfg.beneficiaries)
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fake.Close()
		return nil, fmt.Errorf("offline: %w", err)
	}
	s := &Server{
		URL:         "http://" + ln.Addr().String(),
		Credentials: creds,
		fake:        fake,
		http:        &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second},
		done:        make(chan error, 1),
	}
	go func() { s.done <- s.http.Serve(ln) }()
	return s, nil
}

// Close stops the server, waiting up to five seconds for requests in flight,
// and removes the files it generated. Calling it again returns the first
// result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := s.http.Shutdown(ctx)
		if err != nil {
			s.http.Close()
		}
		if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		s.closeErr = errors.Join(err, s.fake.Close())
	})
	return s.closeErr
}

// NewClient returns a client for the server's ACO. Further options are
// applied after the base URL and credentials, so they may override them (for
// example client.WithVersion).
func (s *Server) NewClient(opts ...client.Option) (*client.Client, error) {
	return client.New(append([]client.Option{client.WithBaseURL(s.URL), client.WithCredentials(s.Credentials)}, opts...)...)
}
