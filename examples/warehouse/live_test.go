package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/client/offline"
)

// Exporting now: against the SDK's offline BCDA the command exports every
// type, streams the files into DuckDB without saving them, and a rerun
// with -since auto asks only for what changed since the recorded
// transactionTime.
func TestLiveExport(t *testing.T) {
	for _, v := range []string{"v3", "v2"} {
		t.Run(v, func(t *testing.T) {
			srv := clienttest.NewServer(t, offline.Polls(0, 0), offline.Beneficiaries(20))
			env := map[string]string{"BCDA_CLIENT_ID": srv.Credentials.ClientID, "BCDA_CLIENT_SECRET": srv.Credentials.ClientSecret}
			dbPath := filepath.Join(t.TempDir(), "w.duckdb")
			stdout, _ := runWarehouse(t, exitOK, env, "-base-url", srv.URL, "-api", v, "-to", dbPath, "-since", "auto")
			if !strings.Contains(stdout, "full load") || !strings.Contains(stdout, "20 Patient") {
				t.Errorf("first run:\n%s", stdout)
			}
			stdout, _ = runWarehouse(t, exitOK, env, "-base-url", srv.URL, "-api", v, "-to", dbPath, "-since", "auto")
			if !strings.Contains(stdout, "changes load") {
				t.Errorf("second run:\n%s", stdout)
			}
			if n := srv.Requests("GET", "/api/"+v+"/Patient/$export"); n != 2 {
				t.Errorf("%d exports, want 2", n)
			}
			db := openDB(t, dbPath)
			equalLines(t, "beneficiaries", query(t, db, `SELECT count(*) FROM beneficiaries`), []string{"20"})
			// Both versions: the offline BCDA writes each version in its
			// own shape (v2 keeps the MBI currency marker on the identifier
			// type's coding), and the views read each as BCDA sends it.
			equalLines(t, "beneficiaries without an MBI", query(t, db, `SELECT count(*) FROM beneficiaries WHERE mbi IS NULL`), []string{"0"})
			equalLines(t, "claims without a type or patient", query(t, db, `SELECT count(*) FROM claims WHERE claim_type IS NULL OR patient_id IS NULL`), []string{"0"})
			equalLines(t, "loads", query(t, db, `SELECT mode, since IS NULL FROM bcda_loads ORDER BY loaded_at`), []string{"full | true", "changes | false"})
		})
	}
}

// A folder written by the SDK's own export.Download (what bcda-export
// saves) loads as is: the warehouse reads it with export.ListSaved.
// With no credentials and no server named, the command exports from the
// built-in sandbox in its own process, as the other examples do.
func TestBuiltInSandbox(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	_, stderr := runWarehouse(t, exitOK, map[string]string{}, "-to", dbPath)
	if !strings.Contains(stderr, "using the built-in sandbox") {
		t.Errorf("stderr does not say the built-in sandbox was used:\n%s", stderr)
	}
	db := openDB(t, dbPath)
	equalLines(t, "beneficiaries", query(t, db, `SELECT count(*) FROM beneficiaries`), []string{"100"})
	runWarehouse(t, exitUsage, map[string]string{}, "-sandbox", "-base-url", "http://127.0.0.1:1", "-to", dbPath)
	runWarehouse(t, exitUsage, map[string]string{}, "-sandbox", "-from", t.TempDir(), "-to", dbPath)
}

func TestLoadFromDownload(t *testing.T) {
	out := filepath.Dir(fakeExport(t, 15))
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath)
	db := openDB(t, dbPath)
	equalLines(t, "beneficiaries", query(t, db, `SELECT count(*), count(mbi) FROM beneficiaries`), []string{"15 | 15"})
	equalLines(t, "loads", query(t, db, `SELECT api_version, mode, bad_lines FROM bcda_loads`), []string{"v3 | full | 0"})
}
