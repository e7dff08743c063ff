// Package clienttest runs an offline BCDA inside a test process, so that code
// built on the SDK can be tested without credentials or a network.
//
// The server is the same fake BCDA the SDK's own tests and its sandbox use:
// the token endpoint, every export endpoint with BCDA's validation messages,
// job progress through X-Progress, manifests and gzip-aware data files of
// deterministic synthetic Patient, Coverage and ExplanationOfBenefit
// resources. Faults that matter to an export pipeline — expired tokens,
// failed jobs, throttling, connections cut mid-file — can be switched on at
// any time.
//
//	srv := clienttest.NewServer(t)
//	c := srv.Client(t)               // a *client.Client for the sandbox ACO
//	srv.ExpireTokens()               // the next request meets a 401 and refreshes
//	job, err := c.Export(ctx, nil, time.Time{})
package clienttest
