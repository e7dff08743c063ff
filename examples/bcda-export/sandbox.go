package main

import (
	"net/http/httptest"

	"github.com/bcda-go/bcda/internal/fakebcda"
)

// sandbox is the built-in BCDA sandbox, served on a loopback port for the
// life of one run.
type sandbox struct {
	URL  string
	fake *fakebcda.Server
	srv  *httptest.Server
}

func startSandbox() (*sandbox, error) {
	fake := fakebcda.New()
	srv := httptest.NewServer(fake)
	return &sandbox{URL: srv.URL, fake: fake, srv: srv}, nil
}

func (s *sandbox) Close() {
	s.srv.Close()
	s.fake.Close()
}
