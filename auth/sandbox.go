package auth

// The public credential sets of the BCDA sandbox (https://sandbox.bcda.cms.gov),
// published in the BCDA documentation's sandbox credentials section. Each
// selects a synthetic model entity of a different size; all data behind them
// is synthetic. CMS rotates these from time to time: if the real sandbox
// answers 401, compare them with the documentation. The built-in sandbox
// (internal/fakebcda, examples/sandbox) accepts all five.
var (
	// SandboxExtraSmall selects an ACO of 50 synthetic beneficiaries.
	SandboxExtraSmall = Credentials{
		ClientID:     "3841c594-a8c0-41e5-98cc-38bb45360d3c",
		ClientSecret: "c29dd70cdb04dec2b8c06bc543e012f5264c57b13c523999aea29af76cf7f80fd90c864da6f8e7c6",
	}
	// SandboxSmall selects an ACO of 2,500 synthetic beneficiaries.
	SandboxSmall = Credentials{
		ClientID:     "d5f83f74-6c55-4f1e-9d16-0022688171ba",
		ClientSecret: "9158bb034b01be0c06d9794fe5fdcebab5f3edec6eddc5d6d8555cb0b4a6a8428b7cb34a429c5b63",
	}
	// SandboxMedium selects an ACO of 7,500 synthetic beneficiaries.
	SandboxMedium = Credentials{
		ClientID:     "8c75a6f6-02b9-4a47-96c1-0bd6efd4b5e3",
		ClientSecret: "1e9a02a3fa703c6b818b11a1f675a1bbc3d71e7e25dccfce7e13c06a67633a6cc1093af9de899ba0",
	}
	// SandboxLarge selects an ACO of 20,000 synthetic beneficiaries.
	SandboxLarge = Credentials{
		ClientID:     "f268a8c6-8a29-4d2b-8b92-263dc775750d",
		ClientSecret: "18017706f885a6f8816a39ec4b77335bfc5e42d748f745ae0e4929c52be0cd87898278dec886157d",
	}
	// SandboxExtraLarge selects an ACO of 30,000 synthetic beneficiaries.
	SandboxExtraLarge = Credentials{
		ClientID:     "6152afb4-c555-46e4-93de-fa16a441d643",
		ClientSecret: "f73a5b54c96601570f54d337fa399964399f7ae3b5223d62178cf415e60b93e799709b0fddea448a",
	}
)
