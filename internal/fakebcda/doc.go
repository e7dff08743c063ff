// Package fakebcda is an offline BCDA (Beneficiary Claims Data API) server
// for tests, examples and benchmarks.
//
// It is an http.Handler that answers like the real server described in the
// project's reference notes (shared/reference/bcda-server.md): POST
// /auth/token with HTTP Basic, bearer checks, $export kick-off validation with
// BCDA's exact OperationOutcome diagnostics, X-Progress job polling, the
// manifest exactly as BCDA writes it, 24 h expiry on an injectable clock,
// duplicate-job 429s, gzip-on-request data files and Connection: close on
// every response. Data comes from the deterministic generator in
// internal/synth and is streamed: no export is ever held in memory.
//
// Faults can be programmed at any time from any goroutine: failing requests
// with 429/503 and Retry-After ([Server.Fail]), a connection cut mid-file
// ([Server.CutFileAfter]), a truncated gzip stream ([Server.TruncateGzip]), a
// failed job ([Server.FailJob]), expired tokens ([Server.ExpireTokens]), error
// files ([Server.SetErrorLines]), plus latency and bandwidth limits
// ([WithLatency], [WithBandwidth]). [Server.Requests] and [Server.Log] let a
// test see what reached the server.
//
// Every sandbox credential set the BCDA documentation has published is
// registered in every server (credentials.go: the four published now, the
// old sandbox guide's five and the rotations in between), with the published
// sizes: 100 and 10,000 (model entities), 110 and 11,000 (legacy REACH, with
// v2 Claim and ClaimResponse), and the guide's 50, 2,500, 7,500, 20,000 and
// 30,000. The duplicate-job 429 follows bcda-app's rule and applies to all
// ACOs but bcda-app's test ACOs unless [WithRateLimit] says otherwise
// (examples/sandbox uses the real sandbox's list). Group/runout is served
// for 180 days after the runout ingestion ([WithRunoutIngestion]; by default
// 30 days before the server was built) and then answers BCDA's 404; GET
// attribution_status reports the same instant. The fake keeps its own copy of these values and imports no SDK
// package but fhir, so that it stays an independent witness.
package fakebcda
