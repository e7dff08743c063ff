package auth

// The credential sets of the BCDA sandbox (https://sandbox.bcda.cms.gov) that
// the BCDA documentation publishes now, on its "Get a bearer token" page
// (https://bcda.cms.gov/api-documentation/get-a-bearer-token.html#sandbox-credentials).
// Source: CMSgov/bcda-static-site, src/_data/credentials.yml at commit
// 68f055e ("Use advanced credentials in sample code", 2026-06-17), summarised
// in shared/reference/sandbox-credentials.md. All data behind them is
// synthetic.
//
// CMS rotates these secrets (the client IDs have stayed the same across
// rotations). When the real sandbox answers 401 for one of them, the error
// says so and points at the page above.
//
// They are functions, not variables, so that no code can reassign a
// published set by accident (a package-level Credentials variable can be
// overwritten by any importer, and Go has no struct constants). Each call
// returns a fresh copy.

// SandboxSmall returns the small model entity set ("adv.small" in the
// documentation's data file): 100 synthetic enrollees, API v1, v2 and v3,
// adjudicated claims (Patient, Coverage, ExplanationOfBenefit). The
// documentation's curl example uses this set.
func SandboxSmall() Credentials {
	return Credentials{
		ClientID:     "6dc59a4c-ef93-46c0-9c00-02e500e13731",
		ClientSecret: "48fe3a3731ee5b68cf4ebeea6d93fa2d9db3396e94f6830f17d7d7c0fa1fb61f413fcde6f6322f84",
	}
}

// SandboxLarge returns the large model entity set ("adv.large"): 10,000
// synthetic enrollees, API v1, v2 and v3, adjudicated claims. The
// documentation recommends it for in-depth exploration or early load testing.
func SandboxLarge() Credentials {
	return Credentials{
		ClientID:     "f5b6a686-0d7b-4080-873a-e60534fd2995",
		ClientSecret: "96ac1483449c652f363396737937f23cdae47a56a116c8a4405dbd54b31d2686f005df502c5c86ab",
	}
}

// SandboxREACHSmall returns the legacy small REACH ACO set
// ("enhancement.small"): 110 synthetic enrollees, API v2 only, with the
// partially adjudicated Claim and ClaimResponse resources.
func SandboxREACHSmall() Credentials {
	return Credentials{
		ClientID:     "7e57394f-eddb-46c7-a87b-a23f14ded95d",
		ClientSecret: "2c5130031150cd43afdc24659de2210086f6115fc8d897d7547faaa26c827b53bb70c14089bdeb17",
	}
}

// SandboxREACHLarge returns the legacy large REACH ACO set
// ("enhancement.large"): 11,000 synthetic enrollees, API v2 only, with the
// partially adjudicated Claim and ClaimResponse resources.
func SandboxREACHLarge() Credentials {
	return Credentials{
		ClientID:     "1f4575c9-80ea-425c-9d3e-c2b79e9159da",
		ClientSecret: "78389f5e9a9148cfd14832b4dfa89d8ebf3d09e178763ec3cdfee1373068e3b60f66c1bed2c14025",
	}
}

// SandboxCredentialsURL is where the BCDA documentation publishes the
// current sandbox credentials.
const SandboxCredentialsURL = "https://bcda.cms.gov/api-documentation/get-a-bearer-token.html#sandbox-credentials"

// isSandboxClientID reports whether id is the client ID of a built-in
// sandbox set. Client IDs survive secret rotations, so a 401 for one of them
// most likely means the secret was rotated.
func isSandboxClientID(id string) bool {
	for _, f := range [...]func() Credentials{SandboxSmall, SandboxLarge, SandboxREACHSmall, SandboxREACHLarge} {
		if f().ClientID == id {
			return true
		}
	}
	return false
}
