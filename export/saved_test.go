package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// manifest.json says which file holds which type, traces each back to the
// server's URL (no query string: signatures and patient parameters stay
// out), and counts lines and bytes per file and per type.
func TestSavedManifest(t *testing.T) {
	t.Parallel()
	j, _, files := downloadFixture(t, 3, 20)
	tt := time.Date(2026, 5, 13, 20, 57, 19, 951000000, time.UTC)
	j.manifest.TransactionTime = tt
	j.manifest.JobID = 7
	base := strings.TrimSuffix(j.manifest.Output[0].URL, "/data/00.ndjson")
	j.manifest.Request = base + "/api/v3/Patient/$export?_type=Patient&_since=2024-01-02T03:04:05Z&patient=Patient%2F-19990000000001&X-Amz-Signature=secret"
	j.manifest.Output[1].URL += "?X-Amz-Signature=secret"
	dir := filepath.Join(t.TempDir(), "saved")
	if _, err := j.Download(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, SavedManifestName))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"secret", "Signature", "-19990000000001", "?"} {
		if bytes.Contains(raw, []byte(leak)) {
			t.Errorf("manifest.json holds %q:\n%s", leak, raw)
		}
	}

	s, err := OpenSaved(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !s.TransactionTime.Equal(tt) || s.JobID != 7 || s.Job != j.URL() || s.Request != base+"/api/v3/Patient/$export" || s.SavedAt.IsZero() {
		t.Errorf("saved %+v", s)
	}
	if got := s.Parameters; len(got) != 2 || got["_type"][0] != "Patient" || got["_since"][0] != "2024-01-02T03:04:05Z" {
		t.Errorf("parameters %v, want _type and _since only", got)
	}
	wantNames := []string{"Patient-001.ndjson", "Patient-002.ndjson", "Patient-003.ndjson", "OperationOutcome-error-001.ndjson", "OperationOutcome-error-002.ndjson"}
	wantSources := []string{"00.ndjson", "01.ndjson", "02.ndjson", "00-error.ndjson", "warnings-and-info.ndjson"}
	if len(s.Files) != len(wantNames) {
		t.Fatalf("%d files, want %d", len(s.Files), len(wantNames))
	}
	for i, f := range s.Files {
		body := files[f.Name]
		kind := KindOutput
		if i >= 3 {
			kind = KindError
		}
		if f.Name != wantNames[i] || f.SourceName != wantSources[i] || f.Kind != kind || f.Path != filepath.Join(dir, f.Name) ||
			f.URL != base+"/data/"+wantSources[i] || f.Bytes != int64(len(body)) || f.Lines != int64(bytes.Count(body, []byte("\n"))+map[bool]int{true: 1}[!bytes.HasSuffix(body, []byte("\n"))]) || len(f.SHA256) != 64 {
			t.Errorf("file %d: %+v", i, f)
		}
	}
	if got := s.Output(fhir.TypePatient); len(got) != 3 || got[2].Name != "Patient-003.ndjson" {
		t.Errorf("Output(Patient) = %+v", got)
	}
	if got := s.Output(fhir.TypeCoverage); len(got) != 0 {
		t.Errorf("Output(Coverage) = %+v", got)
	}
	if got := s.Types(); !slices.Equal(got, []fhir.ResourceType{fhir.TypePatient}) {
		t.Errorf("Types() = %v", got)
	}
	want := []TypeSummary{
		{Kind: KindOutput, Type: fhir.TypePatient, Files: 3, Lines: 60, Bytes: int64(len(files["Patient-001.ndjson"]) + len(files["Patient-002.ndjson"]) + len(files["Patient-003.ndjson"]))},
		{Kind: KindError, Type: fhir.TypeOperationOutcome, Files: 2, Lines: 3, Bytes: int64(len(errorFile) + len(warningsFile))},
	}
	if !slices.Equal(s.Summary, want) {
		t.Errorf("summary %+v, want %+v", s.Summary, want)
	}
	if s.ErrorCount != 2 || s.WarningCount != 1 {
		t.Errorf("issues %d/%d, want 2/1", s.ErrorCount, s.WarningCount)
	}

	if err := s.Verify(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "Patient-002.ndjson")
	b, _ := os.ReadFile(p)
	b[0] ^= 1
	os.WriteFile(p, b, 0o600)
	os.Remove(filepath.Join(dir, "OperationOutcome-error-001.ndjson"))
	err = s.Verify()
	if err == nil || !strings.Contains(err.Error(), "Patient-002.ndjson") || !strings.Contains(err.Error(), "OperationOutcome-error-001.ndjson") || strings.Contains(err.Error(), "Patient-001") {
		t.Errorf("Verify after damage: %v", err)
	}
}

// manifest.json is written last and only when every file succeeded; a
// Download into the folder first removes the one an earlier run left, so it
// never describes files that are not there.
func TestSavedManifestOnlyWhenComplete(t *testing.T) {
	t.Parallel()
	j, fs, _ := downloadFixture(t, 3, 20)
	dir := t.TempDir()
	if _, err := j.Download(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSaved(dir); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "Patient-002.ndjson"))
	delete(fs.files, "01.ndjson")
	if _, err := j.Download(context.Background(), dir); err == nil {
		t.Fatal("a download with a missing file succeeded")
	}
	_, err := OpenSaved(dir)
	if !errors.Is(err, ErrNotSaved) || !strings.Contains(err.Error(), "did not finish") {
		t.Errorf("OpenSaved after a failed download: %v", err)
	}
}

func TestOpenSavedRejects(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"not JSON":     `{"format":`,
		"other format": `{"format":"something/else"}`,
		"path in name": `{"format":"bcda-go/saved-export/1","output":[{"type":"Patient","url":"https://x/a.ndjson","file":"../a.ndjson"}]}`,
		"nested name":  `{"format":"bcda-go/saved-export/1","output":[{"type":"Patient","url":"https://x/a.ndjson","file":"x/a.ndjson"}]}`,
		"empty name":   `{"format":"bcda-go/saved-export/1","error":[{"type":"OperationOutcome","url":"https://x/a.ndjson","file":""}]}`,
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, SavedManifestName), []byte(body), 0o600)
		_, err := OpenSaved(dir)
		if err == nil || errors.Is(err, ErrNotSaved) || !strings.Contains(err.Error(), dir) {
			t.Errorf("%s: %v, want an error naming the folder", name, err)
		}
	}
	if _, err := OpenSaved(t.TempDir()); !errors.Is(err, ErrNotSaved) {
		t.Errorf("empty folder: %v", err)
	}
}

// ListSaved finds one folder per export under a root, oldest
// transactionTime first, and leaves out unfinished ones.
func TestListSaved(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	times := map[string]time.Time{
		"b": time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		"a": time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC),
		"c": time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, name := range []string{"a", "b", "c"} {
		j, _, _ := downloadFixture(t, 1, 5)
		j.manifest.TransactionTime = times[name]
		if _, err := j.Download(context.Background(), filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(root, "c", SavedManifestName)) // unfinished
	os.WriteFile(filepath.Join(root, "notes.txt"), nil, 0o600)
	all, err := ListSaved(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range all {
		got = append(got, filepath.Base(s.Dir))
	}
	if !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("ListSaved = %v, want [b a]", got)
	}
	if one, err := ListSaved(filepath.Join(root, "a")); err != nil || len(one) != 1 || one[0].Dir != filepath.Join(root, "a") {
		t.Errorf("ListSaved of a saved folder: %v, %v", one, err)
	}
	if _, err := ListSaved(filepath.Join(root, "missing")); err == nil {
		t.Error("ListSaved of a missing folder succeeded")
	}
}

// Download refuses a folder that holds another job's saved export: the
// same names would replace its files. The same job's folder is fine.
func TestDownloadRefusesAnotherJobsFolder(t *testing.T) {
	t.Parallel()
	j, _, _ := downloadFixture(t, 1, 5)
	dir := t.TempDir()
	if _, err := j.Download(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Download(context.Background(), dir); err != nil {
		t.Fatalf("the same job again: %v", err)
	}
	other, _, _ := downloadFixture(t, 1, 5)
	other.url = mustParse(t, strings.Replace(other.url.String(), "/jobs/7", "/jobs/8", 1))
	_, err := other.Download(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "holds the saved export of job") || !strings.Contains(err.Error(), "/jobs/7") {
		t.Fatalf("another job into the folder: %v", err)
	}
	if _, err := OpenSaved(dir); err != nil {
		t.Errorf("the first job's export was touched: %v", err)
	}
	os.WriteFile(filepath.Join(dir, SavedManifestName), []byte(`{"name":"someone else's"}`), 0o600)
	if _, err := j.Download(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "not a manifest Download wrote") {
		t.Errorf("a foreign manifest.json: %v", err)
	}
}
