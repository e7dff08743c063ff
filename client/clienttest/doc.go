// Package clienttest runs an offline BCDA inside a test, so that code built
// on the SDK can be tested without credentials or a network.
//
// The server is package offline's — the same offline BCDA the SDK's
// examples and its sandbox command use: the token endpoint, every export
// endpoint with BCDA's validation messages, job progress through
// X-Progress, manifests and gzip-aware data files of deterministic synthetic
// Patient, Coverage and ExplanationOfBenefit resources. NewServer stops it
// when the test ends. Faults that matter to an export pipeline — expired
// tokens, failed jobs, throttling, connections cut mid-file — apply to the
// next requests, whenever they are set:
//
//	srv := clienttest.NewServer(t, offline.Polls(0, 1))
//	c := srv.Client(t)  // a *client.Client for the server's ACO
//	srv.ExpireTokens()  // the next request meets a 401; the client refreshes and replays it
//	job, err := c.Export(ctx, nil, time.Time{})
//	…
//	srv.Exports()       // 1: the replay did not start a second export
//
// Outside a single test (TestMain, an Example, a development tool), use
// offline.Start and Close the server yourself.
package clienttest
