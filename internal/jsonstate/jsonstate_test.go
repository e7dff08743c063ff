package jsonstate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/internal/perm"
)

type state struct {
	JobURL string `json:"job_url"`
	Runs   int    `json:"runs"`
}

func TestLoadSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir", "state.json")
	s, err := Load[state](path)
	if err != nil || *s != (state{}) {
		t.Fatalf("Load of a missing file = %+v, %v; want the zero state", s, err)
	}
	want := state{JobURL: "https://sandbox.bcda.cms.gov/api/v3/jobs/42", Runs: 2}
	if err := Save(path, want, perm.Private); err != nil {
		t.Fatal(err)
	}
	got, err := Load[state](path)
	if err != nil || *got != want {
		t.Fatalf("Load after Save = %+v, %v; want %+v", got, err, want)
	}
}

func TestLoadInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load[state](path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("Load of a corrupt file = %v; want an error naming the file", err)
	}
}
