// Package export implements the FHIR Bulk Data export flow as BCDA serves
// it: the kick-off, the job and its status, the manifest, and downloads that
// never lose or repeat a line.
//
// Jobs come from the client package — Client.Export starts one, Client.Job
// re-attaches to one by URL or ID, Client.Jobs lists them — and this package
// gives what a job does:
//
//	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypeExplanationOfBenefit}, since, export.GroupAll())
//	m, err := job.Wait(ctx, export.OnProgress(func(s export.Status) { log.Println(s.Text) }))
//	res, err := job.Download(ctx, "out", export.Checkpoint("out/checkpoint.json"))
//
// # Kick-off
//
// Client.Export checks its arguments before sending anything:
// resource types the API version does not serve, repeated types, a since in
// the future and malformed options fail with ErrInvalidRequest. The since
// time goes out as a FHIR instant with its offset percent-encoded. BCDA
// refuses a kick-off with 429 (no body, Retry-After) while a pending or
// running job of the ACO on the same API version is identical, lacks _type,
// or shares a type with it; its WAF also answers 429 beyond 3,000 requests
// per 5 minutes per IP. Client.Export then lists the ACO's jobs and fails with a
// *BusyError naming the blocking job and how to cancel it (it matches
// client.ErrRateLimited); with AttachIfRunning it adopts a running job with
// the identical request instead (Job.Started is false: do not cancel it on
// the other process's behalf); with WaitIfBusy it waits out Retry-After and
// kicks off again within a budget, reporting each wait. Every option of the
// package is checked the same way: a KickoffOption, WaitOption or
// DownloadOption with a bad argument, or a nil one, is an error matching
// ErrInvalidRequest before any request is sent.
//
// # Stalls
//
// The client bounds the connect, the wait for response headers and every
// silence inside a body (client.Timeouts). A file whose connection goes
// silent resumes where it stopped like a cut one; a status reply or
// manifest that stalls is polled again.
//
// # Jobs
//
// Poll sends one status request and parses X-Progress in every form seen
// ("Pending", "In Progress (42%)", "42% complete"). Wait polls until the job
// completes, honouring Retry-After and otherwise backing off from 1 s to
// 30 s; it has no deadline of its own. A failed job (500), a cancelled one
// (404 after DELETE) and an expired one (410, or 404 once archived) are
// errors at once, matching ErrJobFailed, ErrJobCancelled and ErrJobExpired
// and wrapping the server's OperationOutcome. A 500 whose OperationOutcome
// has issue code "transient" is the exception bulk data 2.0 defines: Wait
// polls through it. Partial manifests are followed to their last page.
// Save Job.URL to re-attach from another process (Client.Job). Poll, Wait
// and Client.Jobs speak of a job's State in the same terms.
//
// # Downloads
//
// Open streams one file, decompressed. It asks for gzip itself and checks
// every member's checksum, and sends the bearer token only when the manifest
// requires one and the file is on the API's own origin. A connection cut or
// a gzip stream that ends early is resumed with a Range request on the
// compressed bytes when the server honours it, otherwise fetched again with
// the bytes already delivered skipped, so the reader sees each byte once;
// when the retry budget is spent the error (*FileError) names the file and
// the offset.
//
// Download writes every output, error and deleted file into a directory,
// four at a time by default (Concurrency), halving the number in flight when
// the server answers 429 or 503 and growing it back as files succeed. Files
// are named by resource type ("Patient-001.ndjson",
// "OperationOutcome-error-001.ndjson"), and manifest.json, written last,
// lists each with the server's URL (no query string), lines, bytes and
// SHA-256, and a summary per type: OpenSaved and ListSaved read it back.
// Everything Download creates is private, files 0600 and folders 0700
// whatever the umask, because the files hold PHI; Permissions widens that
// for a group. Each file goes to "<name>.part", is synced, then renamed, so
// a final name never holds a partial file. With Checkpoint, finished files are recorded with
// their SHA-256, size and line count, and a rerun skips those that still
// match on disk. The result lists per-file figures and the error files'
// OperationOutcomes, split into errors and warnings (v3's
// warnings-and-info.ndjson is a warning, not a failure). Memory use does
// not grow with file size.
//
// # Errors and logging
//
// Responses the package does not expect are returned as the client's
// *client.APIError, wrapped with context; URLs in errors and logs never
// carry a query string or a token. Debug events go to the client's logger
// (client.WithLogger).
package export
