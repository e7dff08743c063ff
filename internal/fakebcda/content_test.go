package fakebcda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/synth"
)

// TestServedR4Decodes downloads the first file of every type of a v2 and a
// v3 export and decodes each line with the samply R4 models.
func TestServedR4Decodes(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads a whole extra-small export")
	}
	for _, target := range []string{"/api/v3/Patient/$export", "/api/v2/Patient/$export?_type=Claim,ClaimResponse,Patient,Coverage,ExplanationOfBenefit"} {
		s, ts := NewTestServer(t, WithPendingPolls(0), WithInProgressPolls(0))
		c := creds{"reach", "s"}
		if err := s.RegisterACO(ACO{ClientID: c.id, ClientSecret: c.secret, Beneficiaries: 5, PartiallyAdjudicated: true}); err != nil {
			t.Fatal(err)
		}
		e := &export{s: s, ts: ts, authz: bearer(t, s, c)}
		_, w := runJob(t, s, e.authz, target)
		var m manifest
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, f := range m.Files {
			url := ts.URL + f.URL[len("http://example.com"):]
			_, gz, err := e.get(t, url, "Accept-Encoding", "gzip")
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range bytes.Split(bytes.TrimSuffix(gunzip(t, gz), []byte("\n")), []byte("\n")) {
				if len(line) == 0 {
					continue
				}
				var err error
				switch fhir.ResourceType(f.Type) {
				case fhir.TypePatient:
					err = json.Unmarshal(line, new(fhir.Patient))
				case fhir.TypeCoverage:
					err = json.Unmarshal(line, new(fhir.Coverage))
				case fhir.TypeExplanationOfBenefit:
					err = json.Unmarshal(line, new(fhir.ExplanationOfBenefit))
				case fhir.TypeClaim:
					err = json.Unmarshal(line, new(fhir.Claim))
				case fhir.TypeClaimResponse:
					err = json.Unmarshal(line, new(fhir.ClaimResponse))
				}
				if err != nil {
					t.Fatalf("%s %s line %d: %v", target, f.Type, i+1, err)
				}
				seen[f.Type]++
			}
		}
		t.Logf("%s: lines per type %v", target, seen)
	}
}

// TestSinceFilters checks _since: nothing was updated after the dataset's
// reference instant, so such an export has no output files.
func TestSinceFilters(t *testing.T) {
	s, ts := NewTestServer(t, WithPendingPolls(0), WithInProgressPolls(0), WithBatchSize(fhir.TypePatient, 10))
	ref := s.acos[guideXS.id].dataset().Reference()
	since := ref.Add(time.Hour).Format(time.RFC3339Nano)
	e := exportOn(t, s, ts, "/api/v3/Patient/$export?_type=Patient&_since="+since)
	if len(e.output) != 0 {
		t.Fatalf("%d output files for a _since after every update, want none (BCDA omits empty files)", len(e.output))
	}
	e = exportOn(t, s, ts, "/api/v3/Patient/$export?_type=Coverage")
	if _, body, _ := e.get(t, e.output[0].URL); len(body) == 0 {
		t.Fatal("no Coverage without _since")
	}

	// A _since a month back: about 4% of patients were updated, so some
	// 10-beneficiary batches have data and most do not. Only those with
	// data are listed, and together they hold every updated patient.
	a := bearer(t, s, guideSmall)
	d := s.acos[guideSmall.id].dataset()
	sinceT := ref.AddDate(0, 0, -30)
	_, w := runJob(t, s, a, "/api/v3/Patient/$export?_type=Patient&_since="+sinceT.Format(time.RFC3339Nano))
	var m manifest
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	batches := d.Beneficiaries / 10
	if len(m.Files) == 0 || len(m.Files) >= batches {
		t.Fatalf("%d of %d batches listed: want some but not all", len(m.Files), batches)
	}
	want, err := d.Count(synth.Request{Version: synth.V3, Type: fhir.TypePatient, Count: d.Beneficiaries, Since: sinceT})
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, f := range s.jobs[int(m.JobID)].files {
		var b bytes.Buffer
		if err := s.writePlain(f, &b); err != nil {
			t.Fatal(err)
		}
		n := bytes.Count(b.Bytes(), []byte("\n"))
		if n == 0 {
			t.Fatalf("listed file %s (beneficiaries %d–%d) is empty", f.name, f.first, f.first+f.count-1)
		}
		lines += n
	}
	if lines != want {
		t.Fatalf("%d patients in the listed files, want %d", lines, want)
	}
	t.Logf("%d of %d files listed, %d patients", len(m.Files), batches, lines)
}

// TestExtraLargeExportSize reports the size of the extra-large sandbox
// export (v3, default types) by generating it: exact NDJSON bytes, gzip
// bytes estimated from the first file of each type. Run it with
// BCDA_FAKE_XL=1 go test -run ExtraLarge -v ./internal/fakebcda.
func TestExtraLargeExportSize(t *testing.T) {
	if os.Getenv("BCDA_FAKE_XL") == "" {
		t.Skip("set BCDA_FAKE_XL=1 to generate the 30,000-beneficiary export (minutes)")
	}
	s := New(WithPendingPolls(0), WithInProgressPolls(0))
	defer s.Close()
	a := bearer(t, s, guideXL)
	runJob(t, s, a, "/api/v3/Patient/$export")
	plain := map[fhir.ResourceType]int64{}
	ratio := map[fhir.ResourceType]float64{}
	files := map[fhir.ResourceType]int{}
	start := time.Now()
	for _, f := range s.jobs[1].files {
		cw := &countWriter{}
		if err := s.writePlain(f, cw); err != nil {
			t.Fatal(err)
		}
		plain[f.typ] += cw.n
		files[f.typ]++
		if _, ok := ratio[f.typ]; !ok {
			_, size, err := s.stored(f)
			if err != nil {
				t.Fatal(err)
			}
			ratio[f.typ] = float64(size) / float64(cw.n)
		}
	}
	var total, totalGz float64
	for typ, n := range plain {
		gz := float64(n) * ratio[typ]
		total += float64(n)
		totalGz += gz
		t.Logf("%-22s %4d files  %8.1f MB NDJSON  ≈%7.1f MB gzip", typ, files[typ], float64(n)/1e6, gz/1e6)
	}
	t.Log(fmt.Sprintf("total %.1f MB NDJSON, ≈%.1f MB gzip (level %d); generated in %v", total/1e6, totalGz/1e6, s.cfg.gzipLevel, time.Since(start)))
}
