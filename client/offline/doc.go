// Package offline runs an offline BCDA in your process: the SDK's examples
// use it when no credentials are set, examples/sandbox serves it on a port,
// and package clienttest wraps it for tests.
//
// It answers like BCDA: POST /auth/token with HTTP Basic and 20-minute
// tokens, every export endpoint of v1, v2 and v3 with BCDA's validation
// messages, job progress through X-Progress, the manifest as BCDA writes it,
// gzip on request, a 429 for a duplicate job, and data files of
// deterministic synthetic Patient, Coverage and ExplanationOfBenefit
// resources shaped like BCDA's own samples. Nothing leaves the machine and
// no data is real. Faults that matter to an export pipeline — expired
// tokens, failed jobs, throttling, connections cut mid-file — can be
// switched on at any time.
//
//	srv, err := offline.Start()
//	if err != nil { … }
//	defer srv.Close()
//	c, err := srv.NewClient() // a *client.Client for the server's ACO
//
// Besides its own Credentials, the server accepts the sandbox credential
// sets the BCDA documentation has published, each with its ACO of 50 to
// 30,000 synthetic beneficiaries, so that copied curl commands work. It links neither package testing nor
// net/http/httptest, so a program may use it outside tests.
package offline
