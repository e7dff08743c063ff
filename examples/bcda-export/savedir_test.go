package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/export"
)

// A job folder already holding another job's saved export (the built-in
// sandbox numbers its jobs from 1 in every process, so two quick runs can
// meet in one second) is not reused: the next free "-N" folder is, and a
// rerun of the same job finds its own folder again.
func TestSaveDirAvoidsAnotherJobsFolder(t *testing.T) {
	out := t.TempDir()
	newJob := func(base string) *export.Job {
		c, err := client.New(client.WithBaseURL(base), client.WithCredentials(auth.SandboxSmall()))
		if err != nil {
			t.Fatal(err)
		}
		j, err := c.Job(base + "/api/v3/jobs/1")
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	m := &export.Manifest{TransactionTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	first, second := newJob("http://127.0.0.1:1111"), newJob("http://127.0.0.1:2222")
	base := filepath.Join(out, "20260102T030405Z-job1")
	if got := saveDir(out, first, m); got != base {
		t.Fatalf("first job: %s, want %s", got, base)
	}
	save := func(dir string, j *export.Job) {
		os.MkdirAll(dir, 0o700)
		body := `{"format":"bcda-go/saved-export/1","job":"` + j.URL() + `","output":[],"error":[]}`
		if err := os.WriteFile(filepath.Join(dir, export.SavedManifestName), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	save(base, first)
	if got := saveDir(out, first, m); got != base {
		t.Errorf("the same job again: %s, want %s", got, base)
	}
	if got := saveDir(out, second, m); got != base+"-2" {
		t.Errorf("another job: %s, want %s-2", got, base)
	}
	save(base+"-2", second)
	if got := saveDir(out, second, m); got != base+"-2" {
		t.Errorf("the other job again: %s, want %s-2", got, base)
	}
	if got := saveDir(out, newJob("http://127.0.0.1:3333"), m); got != base+"-3" {
		t.Errorf("a third job: %s, want %s-3", got, base)
	}
}
